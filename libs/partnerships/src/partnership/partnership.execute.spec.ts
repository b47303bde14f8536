import { type EventStore, createSqliteEventStore } from '@ledger/event-store';
import type { Actor, PartnerType } from '@ledger/kernel';
import {
  executeApproveEnrollment,
  executeEnrollPartner,
  executeVerifyPrimaryContactEmail,
} from '@ledger/partners';
import {
  contextOf,
  enrollingUserOf,
  enrollmentData,
  ids,
  mpnIdOf,
  partnerActor,
  programActor,
} from '../../../partners/src/testing/partner-fixtures.test-support';
import { executeAuthorizeIndirectProvider } from '../authorize-indirect-provider/authorize-indirect-provider.execute';
import { executeEndPartnership } from '../end-partnership/end-partnership.execute';
import { executeInviteReseller } from '../invite-reseller/invite-reseller.execute';
import { executeRemoveProviderTenantAdminAccess } from '../remove-provider-tenant-admin-access/remove-provider-tenant-admin-access.execute';
import { type PartnershipEvent, partnershipStream } from './partnership.events';
import { loadPartnershipState } from './partnership.store';

const providerId = ids.provider;
const resellerId = ids.reseller;
const providerAdmin = partnerActor(providerId, enrollingUserOf(providerId));
const resellerAdmin = partnerActor(resellerId, enrollingUserOf(resellerId));

async function enrollAndApprove(store: EventStore, partnerId: string, partnerType: PartnerType): Promise<void> {
  await executeEnrollPartner(store, {
    type: 'EnrollPartner',
    data: enrollmentData(partnerId, { partnerType, mpnId: mpnIdOf(partnerId) }),
    context: contextOf(partnerActor(partnerId, enrollingUserOf(partnerId), ['global-admin'])),
  });
  await executeVerifyPrimaryContactEmail(store, {
    type: 'VerifyPrimaryContactEmail',
    data: { partnerId, token: 'emailed-link' },
    context: contextOf(programActor([])),
  });
  await executeApproveEnrollment(store, { type: 'ApproveEnrollment', data: { partnerId }, context: contextOf(programActor()) });
}

/** The invitation id a successful InviteReseller returned. */
function invitationIdOf(result: { events: readonly PartnershipEvent[] }): string {
  const [event] = result.events;
  if (event?.type !== 'ResellerInvited') throw new Error('expected ResellerInvited');
  return event.data.invitationId;
}

const invite = (store: EventStore, actor: Actor = providerAdmin) =>
  executeInviteReseller(store, { type: 'InviteReseller', data: { providerId, resellerId }, context: contextOf(actor) });
const authorize = (store: EventStore, invitationId: string, consent = true) =>
  executeAuthorizeIndirectProvider(store, {
    type: 'AuthorizeIndirectProvider',
    data: { providerId, resellerId, invitationId, consent },
    context: contextOf(resellerAdmin),
  });

describe('partnerships through the store (SQLite)', () => {
  let store: EventStore;
  beforeEach(async () => {
    store = createSqliteEventStore({ path: ':memory:', durable: false });
    await enrollAndApprove(store, providerId, 'indirect-provider');
    await enrollAndApprove(store, resellerId, 'indirect-reseller');
  });
  afterEach(async () => {
    await store.close();
  });

  it('seed: the provider invites, the reseller authorizes, removes tenant admin access; one side ends it; the pair is invited again', async () => {
    const invitation = await invite(store);
    const invitationId = invitationIdOf(invitation);
    await authorize(store, invitationId);
    expect(await loadPartnershipState(store, providerId, resellerId)).toMatchObject({
      status: 'active',
      grants: ['submit-orders', 'reseller-tenant-admin'],
    });

    await executeRemoveProviderTenantAdminAccess(store, {
      type: 'RemoveProviderTenantAdminAccess',
      data: { providerId, resellerId },
      context: contextOf(resellerAdmin),
    });
    expect(await loadPartnershipState(store, providerId, resellerId)).toMatchObject({ status: 'active', grants: ['submit-orders'] });

    const head = await store.headPosition();
    const end = await executeEndPartnership(store, {
      type: 'EndPartnership',
      data: { providerId, resellerId, reason: 'Contract ended.' },
      context: contextOf(providerAdmin),
    });
    // Ending touches nothing but the partnership stream: no customer, no DAP.
    const appended = await store.readAll({ after: head });
    expect(appended.map((event) => [event.streamId, event.type])).toEqual([[partnershipStream(providerId, resellerId), 'PartnershipEnded']]);
    expect(end.position).toBe(appended[0]?.position);

    const again = await invite(store);
    const secondInvitation = invitationIdOf(again);
    expect(secondInvitation).not.toBe(invitationId);
    await expect(authorize(store, invitationId)).rejects.toMatchObject({ code: 'invitation-not-found', kind: 'conflict' });
    await authorize(store, secondInvitation);
    expect(await loadPartnershipState(store, providerId, resellerId)).toMatchObject({
      status: 'active',
      invitationId: secondInvitation,
      invitationIds: [invitationId, secondInvitation],
    });
  });

  it('the invitation id is the command id', async () => {
    const context = contextOf(providerAdmin);
    const result = await executeInviteReseller(store, { type: 'InviteReseller', data: { providerId, resellerId }, context });
    expect(invitationIdOf(result)).toBe(context.commandId);
  });

  it('a refused command appends nothing', async () => {
    const head = await store.headPosition();
    await expect(authorize(store, 'unknown-invitation')).rejects.toMatchObject({ code: 'invitation-not-found', kind: 'not-found' });
    const invitation = await invite(store);
    const afterInvite = await store.headPosition();
    await expect(authorize(store, invitationIdOf(invitation), false)).rejects.toMatchObject({ code: 'consent-required' });
    expect(await store.headPosition()).toBe(afterInvite);
    expect(afterInvite).toBeGreaterThan(head);
  });

  it('race: two admins of the provider invite at once — one invitation, the other partnership-exists', async () => {
    const outcomes = await Promise.allSettled([invite(store), invite(store), invite(store)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'partnership-exists' });
    }
    expect(await store.readStream(partnershipStream(providerId, resellerId))).toHaveLength(1);
  });

  it('race: both sides end the partnership at once — it ends once', async () => {
    const invitation = await invite(store);
    await authorize(store, invitationIdOf(invitation));
    const end = (actor: Actor) =>
      executeEndPartnership(store, { type: 'EndPartnership', data: { providerId, resellerId, reason: 'r' }, context: contextOf(actor) });
    const outcomes = await Promise.allSettled([end(providerAdmin), end(resellerAdmin)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'partnership-not-found' });
  });

  it('an unknown reseller is partner-not-found, reading the partner streams', async () => {
    await expect(
      executeInviteReseller(store, { type: 'InviteReseller', data: { providerId, resellerId: ids.otherReseller }, context: contextOf(providerAdmin) }),
    ).rejects.toMatchObject({ code: 'partner-not-found', kind: 'not-found' });
  });
});
