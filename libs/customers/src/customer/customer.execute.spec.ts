import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import { type Actor, DomainError, streams } from '@ledger/kernel';
import { executeAcceptRelationship } from '../accept-relationship/accept-relationship.execute';
import { authorizationCheck, toRecordedCustomerEvents } from '../authorization-check/authorization-check';
import { executeDeclineRelationship } from '../decline-relationship/decline-relationship.execute';
import { executeInviteCustomerWithIndirectProvider } from '../invite-customer-with-indirect-provider/invite-customer-with-indirect-provider.execute';
import { executeRegisterCustomer } from '../register-customer/register-customer.execute';
import { executeRemoveCustomerRelationship } from '../remove-customer-relationship/remove-customer-relationship.execute';
import { executeRequestResellerRelationship } from '../request-reseller-relationship/request-reseller-relationship.execute';
import { executeRevokeDelegatedAdminPrivileges } from '../revoke-delegated-admin-privileges/revoke-delegated-admin-privileges.execute';
import { contextFor, customerAdmin, goodFaith, ids, partnerUser, users } from '../testing/customer-fixtures';
import { newEvents, seedActivePartnership, seedPartner } from '../testing/store-fixtures';
import { loadCustomerState } from './customer.load';
import { hasActiveDelegatedAdmin, hasActiveRelationship, isRetainedDelegatedAdmin } from './customer.rules';
import type { RegisteredCustomer } from './customer.state';

const seller = (partnerId: string) => partnerUser(partnerId, users.salesAgent);
const admin = (partnerId: string) => partnerUser(partnerId, users.adminAgent);

describe('customer execute functions over the SQLite store: the seed scenarios', () => {
  let store: EventStore;
  let minute = 0;
  const ctx = (actor: Actor) => {
    minute += 1;
    return contextFor(actor, { commandId: `c-${minute}-${Math.random()}`, now: new Date(Date.UTC(2025, 2, 1, 9, minute)).toISOString() });
  };

  const register = () =>
    executeRegisterCustomer(store, {
      type: 'RegisterCustomer',
      data: { customerId: ids.customer, companyName: 'Contoso', domain: 'contoso.example', country: 'US', cloud: 'global' },
      context: ctx(seller(ids.reseller)),
    });
  const requestAlone = async (partnerId: string, includeDelegatedAdmin = true) => {
    const result = await executeRequestResellerRelationship(store, {
      type: 'RequestResellerRelationship',
      data: { customerId: ids.customer, partnerId, includeDelegatedAdmin },
      context: ctx(seller(partnerId)),
    });
    const [event] = result.events;
    if (event?.type !== 'RelationshipRequested') throw new Error('expected a request');
    return event.data.requestId;
  };
  const inviteWithProvider = async () => {
    const result = await executeInviteCustomerWithIndirectProvider(store, {
      type: 'InviteCustomerWithIndirectProvider',
      data: { customerId: ids.customer, resellerId: ids.reseller, providerId: ids.provider, includeDelegatedAdmin: true },
      context: ctx(seller(ids.reseller)),
    });
    const [event] = result.events;
    if (event?.type !== 'RelationshipRequested') throw new Error('expected a request');
    return event.data.requestId;
  };
  const accept = (requestId: string) =>
    executeAcceptRelationship(store, { type: 'AcceptRelationship', data: { customerId: ids.customer, requestId }, context: ctx(customerAdmin()) });
  const removeRelationship = (partnerId: string) =>
    executeRemoveCustomerRelationship(store, {
      type: 'RemoveCustomerRelationship',
      data: { customerId: ids.customer, partnerId, attestation: goodFaith, legalNotice: { required: false } },
      context: ctx(admin(partnerId)),
    });
  const customer = async () => (await loadCustomerState(store, ids.customer)) as RegisteredCustomer;
  const allStreamsTouchedAfter = async (position: number) => new Set((await store.readAll({ after: position })).map((e) => e.streamId));

  beforeEach(async () => {
    store = createSqliteEventStore({ path: ':memory:' });
    await seedPartner(store, ids.reseller, 'indirect-reseller');
    await seedPartner(store, ids.provider, 'indirect-provider');
    await seedPartner(store, ids.direct, 'direct-provider');
    await seedActivePartnership(store, ids.provider, ids.reseller);
    await register();
  });
  afterEach(() => store.close());

  it('a reseller invites a customer alone; the customer accepts; the reseller may transact and administer', async () => {
    const requestId = await requestAlone(ids.reseller);
    const result = await accept(requestId);
    expect(result.events.map((e) => e.type)).toEqual(['RelationshipAccepted', 'ResellerRelationshipEstablished', 'DelegatedAdminPrivilegesGranted']);
    const state = await customer();
    expect(hasActiveRelationship(state, ids.reseller)).toBe(true);
    expect(hasActiveDelegatedAdmin(state, ids.reseller)).toBe(true);
    const events = toRecordedCustomerEvents(await store.readStream(streams.customer(ids.customer)));
    expect(authorizationCheck(events, ids.reseller, 'submit-order').allowed).toBe(true);
    expect(authorizationCheck(events, ids.reseller, 'administer-tenant').allowed).toBe(true);
  });

  it('a reseller invites a customer together with its provider; accepting establishes both, DAP for the reseller only', async () => {
    const requestId = await inviteWithProvider();
    await accept(requestId);
    const state = await customer();
    expect(hasActiveRelationship(state, ids.reseller)).toBe(true);
    expect(hasActiveRelationship(state, ids.provider)).toBe(true);
    expect(hasActiveDelegatedAdmin(state, ids.reseller)).toBe(true);
    expect(hasActiveDelegatedAdmin(state, ids.provider)).toBe(false);
  });

  it('the combined invitation is refused once the partnership ended, appending nothing', async () => {
    await store.append(
      streams.partnership(ids.provider, ids.reseller),
      newEvents([{ type: 'PartnershipEnded', data: { providerId: ids.provider, resellerId: ids.reseller, endedBy: 'reseller', reason: 'done' } }]),
      { expectedRevision: 'any' },
    );
    const head = await store.headPosition();
    await expect(inviteWithProvider()).rejects.toMatchObject({ code: 'no-active-partnership' });
    expect(await store.headPosition()).toBe(head);
  });

  it('the reseller removes the relationship: the DAP grant is retained; nothing else is written anywhere', async () => {
    await accept(await requestAlone(ids.reseller));
    const before = await store.headPosition();
    await removeRelationship(ids.reseller);
    expect(await allStreamsTouchedAfter(before)).toEqual(new Set([streams.customer(ids.customer)]));
    const state = await customer();
    expect(hasActiveRelationship(state, ids.reseller)).toBe(false);
    expect(isRetainedDelegatedAdmin(state, ids.reseller)).toBe(true);
    const events = toRecordedCustomerEvents(await store.readStream(streams.customer(ids.customer)));
    expect(authorizationCheck(events, ids.reseller, 'submit-order')).toMatchObject({ allowed: false, reasons: [{ type: 'CustomerRelationshipRemoved' }] });
    expect(authorizationCheck(events, ids.reseller, 'administer-tenant').allowed).toBe(true);
  });

  it('the customer revokes DAP; the relationship stays', async () => {
    await accept(await requestAlone(ids.reseller));
    const result = await executeRevokeDelegatedAdminPrivileges(store, {
      type: 'RevokeDelegatedAdminPrivileges',
      data: { customerId: ids.customer, partnerId: ids.reseller },
      context: ctx(customerAdmin()),
    });
    expect(result.events).toEqual([
      { type: 'DelegatedAdminPrivilegesRevoked', data: { customerId: ids.customer, partnerId: ids.reseller, revokedBy: 'customer' } },
    ]);
    const state = await customer();
    expect(hasActiveDelegatedAdmin(state, ids.reseller)).toBe(false);
    expect(hasActiveRelationship(state, ids.reseller)).toBe(true);
  });

  it('a customer with two partners: removing one leaves the other untouched', async () => {
    await accept(await requestAlone(ids.direct));
    await accept(await requestAlone(ids.reseller));
    await removeRelationship(ids.direct);
    const state = await customer();
    expect(hasActiveRelationship(state, ids.reseller)).toBe(true);
    expect(hasActiveDelegatedAdmin(state, ids.reseller)).toBe(true);
    expect(hasActiveRelationship(state, ids.direct)).toBe(false);
    expect(isRetainedDelegatedAdmin(state, ids.direct)).toBe(true);
  });

  it('multi-partner: establishing or removing one partner writes only to the customer stream, only about that partner, no subscription event', async () => {
    await accept(await requestAlone(ids.direct));
    // The customer has a subscription through the direct provider (as the subscription aggregate would record it).
    await store.append(
      streams.subscription('c0c0c0c0-0000-4000-8000-0000000000aa'),
      newEvents([
        {
          type: 'SubscriptionRecorded',
          data: { subscriptionId: 'c0c0c0c0-0000-4000-8000-0000000000aa', customerId: ids.customer, offer: 'Azure plan', billing: 'usage', channel: 'csp', partnerOfRecord: ids.direct },
        },
      ]),
      { expectedRevision: 'no-stream' },
    );
    const requestId = await requestAlone(ids.reseller);

    const beforeAccept = await store.headPosition();
    await accept(requestId);
    const establishing = await store.readAll({ after: beforeAccept });
    expect(new Set(establishing.map((e) => e.streamId))).toEqual(new Set([streams.customer(ids.customer)]));
    for (const event of establishing) {
      const data = event.data as { partnerId?: string; partners?: string[] };
      if (data.partnerId !== undefined) expect(data.partnerId).toBe(ids.reseller);
      if (data.partners !== undefined) expect(data.partners).toEqual([ids.reseller]);
    }

    const beforeRemoval = await store.headPosition();
    await removeRelationship(ids.reseller);
    const removing = await store.readAll({ after: beforeRemoval });
    expect(removing.map((e) => [e.streamId, e.type, (e.data as { partnerId: string }).partnerId])).toEqual([
      [streams.customer(ids.customer), 'CustomerRelationshipRemoved', ids.reseller],
    ]);
    expect(await store.readAll({ after: beforeAccept, filter: { streamPrefixes: ['subscription-'] } })).toEqual([]);
    const state = await customer();
    expect(hasActiveRelationship(state, ids.direct)).toBe(true);
    expect(hasActiveDelegatedAdmin(state, ids.direct)).toBe(true);
  });

  it('the customer declines; a closed request cannot be accepted (409), an unknown one is 404', async () => {
    const requestId = await requestAlone(ids.direct);
    await executeDeclineRelationship(store, { type: 'DeclineRelationship', data: { customerId: ids.customer, requestId }, context: ctx(customerAdmin()) });
    const closed = await accept(requestId).catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(DomainError);
    expect(closed).toMatchObject({ code: 'request-not-found', kind: 'conflict' });
    await expect(accept('unknown')).rejects.toMatchObject({ code: 'request-not-found', kind: 'not-found' });
  });

  it('rules see every acknowledged write: a second request right after acceptance is relationship-exists', async () => {
    await accept(await requestAlone(ids.reseller));
    await expect(requestAlone(ids.reseller)).rejects.toMatchObject({ code: 'relationship-exists' });
  });

  it('two acceptances of the same request racing: exactly one succeeds, the other sees it closed', async () => {
    const requestId = await requestAlone(ids.reseller);
    const outcomes = await Promise.allSettled([accept(requestId), accept(requestId)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const [refusal] = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(refusal).toMatchObject({ code: 'request-not-found', kind: 'conflict' });
    const established = (await store.readStream(streams.customer(ids.customer))).filter((e) => e.type === 'ResellerRelationshipEstablished');
    expect(established).toHaveLength(1);
  });
});
