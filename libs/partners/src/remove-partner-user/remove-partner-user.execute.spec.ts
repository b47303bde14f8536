import { type EventStore, createSqliteEventStore } from '@ledger/event-store';
import { executeAddPartnerUser } from '../add-partner-user/add-partner-user.execute';
import { executeApproveEnrollment } from '../approve-enrollment/approve-enrollment.execute';
import { executeChangePartnerUserRoles } from '../change-partner-user-roles/change-partner-user-roles.execute';
import { executeEnrollPartner } from '../enroll-partner/enroll-partner.execute';
import { partnerStream } from '../partner/partner.events';
import { loadPartnerState } from '../partner/partner.store';
import {
  contextOf,
  enrollingUserOf,
  enrollmentData,
  ids,
  partnerActor,
  programActor,
} from '../testing/partner-fixtures.test-support';
import { executeVerifyPrimaryContactEmail } from '../verify-primary-contact-email/verify-primary-contact-email.execute';
import { executeRemovePartnerUser } from './remove-partner-user.execute';

const partnerId = ids.reseller;
const enroller = enrollingUserOf(partnerId);

describe('partner users through the store (SQLite)', () => {
  let store: EventStore;
  beforeEach(async () => {
    store = createSqliteEventStore({ path: ':memory:', durable: false });
    // Seed: enrol as an indirect reseller, the primary contact verifies, the program approves.
    await executeEnrollPartner(store, {
      type: 'EnrollPartner',
      data: enrollmentData(partnerId),
      context: contextOf(partnerActor(partnerId, enroller, ['global-admin'])),
    });
    await executeVerifyPrimaryContactEmail(store, {
      type: 'VerifyPrimaryContactEmail',
      data: { partnerId, token: 't' },
      context: contextOf(programActor([])),
    });
    await executeApproveEnrollment(store, { type: 'ApproveEnrollment', data: { partnerId }, context: contextOf(programActor()) });
    await executeAddPartnerUser(store, {
      type: 'AddPartnerUser',
      data: { partnerId, userId: ids.secondUser, name: 'Second Admin', email: 'second@contoso.example', roles: ['global-admin'] },
      context: contextOf(partnerActor(partnerId, enroller)),
    });
  });
  afterEach(async () => {
    await store.close();
  });

  it('the seed flow leaves an approved partner with its two global admins', async () => {
    const state = await loadPartnerState(store, partnerId);
    expect(state).toMatchObject({ status: 'approved', primaryContactVerified: true });
    expect(state.status !== 'none' && Object.keys(state.users).sort()).toEqual([enroller, ids.secondUser].sort());
  });

  it('race: the two global admins removed at once — one removal wins, the other is last-global-admin', async () => {
    const removeBy = (actorId: string, userId: string) =>
      executeRemovePartnerUser(store, {
        type: 'RemovePartnerUser',
        data: { partnerId, userId },
        context: contextOf(partnerActor(partnerId, actorId)),
      });
    const outcomes = await Promise.allSettled([removeBy(enroller, ids.secondUser), removeBy(ids.secondUser, enroller)]);

    const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refused).toHaveLength(1);
    // The loser either lost its global admin target or was removed itself: both refusals are right.
    expect(['last-global-admin', 'forbidden']).toContain(refused[0]?.reason.code);
    const state = await loadPartnerState(store, partnerId);
    expect(state.status !== 'none' && Object.values(state.users).filter((user) => user.roles.includes('global-admin'))).toHaveLength(1);
  });

  it('race: demoting both global admins at once keeps one', async () => {
    const demote = (userId: string) =>
      executeChangePartnerUserRoles(store, {
        type: 'ChangePartnerUserRoles',
        data: { partnerId, userId, roles: ['admin-agent'] },
        context: contextOf(partnerActor(partnerId, userId)),
      });
    const outcomes = await Promise.allSettled([demote(enroller), demote(ids.secondUser)]);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'last-global-admin' });
    expect((await store.readStream(partnerStream(partnerId))).filter((event) => event.type === 'PartnerUserRolesChanged')).toHaveLength(1);
  });
});
