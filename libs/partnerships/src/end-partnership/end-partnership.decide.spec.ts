import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import { evolvePartnership } from '../partnership/partnership.evolve';
import { initialPartnershipState } from '../partnership/partnership.state';
import {
  INVITATION_1,
  approvedProvider,
  approvedReseller,
  authorized,
  contextOf,
  ended,
  ids,
  inputs,
  invited,
  partnerActor,
  programActor,
  providerAdmin,
  providerId,
  resellerAdmin,
  resellerId,
  tenantAdminAccessRemoved,
  userAdded,
} from '../testing/partnership-fixtures.test-support';
import { decideEndPartnership } from './end-partnership.decide';

const partnership = deciderSpec({ initialState: initialPartnershipState, evolve: evolvePartnership });
const active = [invited(INVITATION_1), authorized(INVITATION_1)];
const end = (actor = resellerAdmin, reason = 'We stopped working together.') => ({
  type: 'EndPartnership' as const,
  data: { providerId, resellerId, reason },
  context: contextOf(actor),
});

describe('EndPartnership', () => {
  it('either side may end it, and it says which', () => {
    partnership
      .given(active)
      .when((s) => decideEndPartnership(end(resellerAdmin), s, inputs()))
      .then([ended('reseller')]);
    const state = partnership
      .given([...active, tenantAdminAccessRemoved()])
      .when((s) => decideEndPartnership(end(providerAdmin, 'Contract over.'), s, inputs()))
      .then([ended('provider', 'Contract over.')]);
    expect(state).toMatchObject({ status: 'ended', endedBy: 'provider', invitationIds: [INVITATION_1] });
  });

  it('emits nothing but PartnershipEnded: no customer, no DAP event', () => {
    const events = partnership
      .given(active)
      .when((s) => decideEndPartnership(end(), s, inputs()))
      .events();
    expect(events.map((event) => event.type)).toEqual(['PartnershipEnded']);
  });

  describe('check order', () => {
    it('forbidden: neither side (a third partner, the program)', () => {
      for (const actor of [partnerActor(ids.otherProvider, 'x', ['global-admin']), programActor()]) {
        partnership
          .given(active)
          .when((s) => decideEndPartnership(end(actor), s, inputs()))
          .thenFails('forbidden', 'forbidden');
      }
    });

    it('partner-not-found: the other side is unknown', () => {
      partnership
        .given([])
        .when((s) => decideEndPartnership(end(providerAdmin), s, inputs(approvedProvider(), [])))
        .thenFails('partner-not-found', 'not-found');
    });

    it('forbidden: a user of that side without an admin role', () => {
      const provider = [...approvedProvider(), userAdded(providerId, 'sales-0001', ['sales-agent'])];
      partnership
        .given(active)
        .when((s) => decideEndPartnership(end(partnerActor(providerId, 'sales-0001', ['global-admin'])), s, inputs(provider, approvedReseller())))
        .thenFails('forbidden', 'forbidden');
    });
  });

  it('partner-not-approved: the acting side was rejected', () => {
    const rejectedReseller = [...approvedReseller().slice(0, 2), { type: 'PartnerEnrollmentRejected' as const, data: { partnerId: resellerId } }];
    partnership
      .given(active)
      .when((s) => decideEndPartnership(end(resellerAdmin), s, inputs(approvedProvider(), rejectedReseller)))
      .thenFails('partner-not-approved', 'conflict');
  });

  it('partnership-not-found: no active partnership (never, only invited, or already ended)', () => {
    for (const history of [[], [invited(INVITATION_1)], [...active, ended()]]) {
      partnership
        .given(history)
        .when((s) => decideEndPartnership(end(), s, inputs()))
        .thenFails('partnership-not-found', 'conflict');
    }
  });
});
