import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import { evolvePartnership } from '../partnership/partnership.evolve';
import { initialPartnershipState } from '../partnership/partnership.state';
import {
  INVITATION_1,
  INVITATION_2,
  approvedProvider,
  approvedReseller,
  authorized,
  contextOf,
  ended,
  inputs,
  invited,
  partnerActor,
  pendingPartner,
  programActor,
  providerAdmin,
  providerId,
  resellerAdmin,
  resellerId,
  userAdded,
} from '../testing/partnership-fixtures.test-support';
import { decideInviteReseller } from './invite-reseller.decide';

const partnership = deciderSpec({ initialState: initialPartnershipState, evolve: evolvePartnership });
const invite = (actor = providerAdmin, commandId = INVITATION_1, message?: string) => ({
  type: 'InviteReseller' as const,
  data: message === undefined ? { providerId, resellerId } : { providerId, resellerId, message },
  context: contextOf(actor, commandId),
});

describe('InviteReseller', () => {
  it('the provider invites an approved indirect reseller; the invitation id is the command id (seed step 1)', () => {
    const state = partnership
      .given([])
      .when((s) => decideInviteReseller(invite(providerAdmin, INVITATION_1, 'Let us work together.'), s, inputs()))
      .then([invited(INVITATION_1, 'Let us work together.')]);
    expect(state).toMatchObject({ status: 'invited', openInvitation: { invitationId: INVITATION_1 } });
  });

  it('the pair may be invited again after the partnership ended', () => {
    partnership
      .given([invited(INVITATION_1), authorized(INVITATION_1), ended('provider')])
      .when((s) => decideInviteReseller(invite(providerAdmin, INVITATION_2), s, inputs()))
      .then([invited(INVITATION_2)]);
  });

  describe('check order', () => {
    it('forbidden: not a partner, or a user of another partner (even the reseller)', () => {
      for (const actor of [programActor(), resellerAdmin, partnerActor(resellerId, undefined, ['global-admin'])]) {
        partnership
          .given([])
          .when((s) => decideInviteReseller(invite(actor), s, inputs()))
          .thenFails('forbidden', 'forbidden');
      }
    });

    it('partner-not-found: unknown provider, unknown reseller — before the actor’s roles', () => {
      partnership
        .given([])
        .when((s) => decideInviteReseller(invite(), s, inputs([], approvedReseller())))
        .thenFails('partner-not-found', 'not-found');
      partnership
        .given([])
        .when((s) => decideInviteReseller(invite(partnerActor(providerId, 'unrecorded-user')), s, inputs(approvedProvider(), [])))
        .thenFails('partner-not-found', 'not-found');
    });

    it('forbidden: an unrecorded user, or one without an admin role', () => {
      partnership
        .given([])
        .when((s) => decideInviteReseller(invite(partnerActor(providerId, 'unrecorded-user', ['global-admin'])), s, inputs()))
        .thenFails('forbidden', 'forbidden');
      const providerWithSeller = [...approvedProvider(), userAdded(providerId, 'seller-user-0001', ['sales-agent', 'user-admin'])];
      partnership
        .given([])
        .when((s) => decideInviteReseller(invite(partnerActor(providerId, 'seller-user-0001')), s, inputs(providerWithSeller)))
        .thenFails('forbidden', 'forbidden');
    });

    it('an account admin may invite', () => {
      const withAccountAdmin = [...approvedProvider(), userAdded(providerId, 'acct-admin-0001', ['account-admin'])];
      partnership
        .given([])
        .when((s) => decideInviteReseller(invite(partnerActor(providerId, 'acct-admin-0001')), s, inputs(withAccountAdmin)))
        .then([invited(INVITATION_1)]);
    });

    it('partner-not-approved: the provider is still pending', () => {
      partnership
        .given([])
        .when((s) => decideInviteReseller(invite(), s, inputs(pendingPartner(providerId, 'indirect-provider'))))
        .thenFails('partner-not-approved', 'conflict');
    });
  });

  describe('rules, in order', () => {
    it('not-an-indirect-provider: a direct provider or a reseller may not invite', () => {
      partnership
        .given([])
        .when((s) => decideInviteReseller(invite(), s, inputs(approvedProvider('global', 'direct-provider'))))
        .thenFails('not-an-indirect-provider', 'conflict');
      partnership
        .given([])
        .when((s) => decideInviteReseller(invite(), s, inputs(approvedProvider('global', 'indirect-reseller'), approvedReseller('china'))))
        .thenFails('not-an-indirect-provider');
    });

    it('not-an-indirect-reseller: the invitee is another type, or not approved', () => {
      partnership
        .given([])
        .when((s) => decideInviteReseller(invite(), s, inputs(approvedProvider(), approvedReseller('global', 'direct-provider'))))
        .thenFails('not-an-indirect-reseller', 'conflict');
      partnership
        .given([])
        .when((s) => decideInviteReseller(invite(), s, inputs(approvedProvider(), pendingPartner(resellerId, 'indirect-reseller'))))
        .thenFails('not-an-indirect-reseller', 'conflict');
    });

    it('cross-cloud: nothing crosses clouds', () => {
      partnership
        .given([])
        .when((s) => decideInviteReseller(invite(), s, inputs(approvedProvider('global'), approvedReseller('china'))))
        .thenFails('cross-cloud', 'conflict');
    });

    it('partnership-exists: an open invitation or an active partnership', () => {
      partnership
        .given([invited(INVITATION_1)])
        .when((s) => decideInviteReseller(invite(providerAdmin, INVITATION_2), s, inputs()))
        .thenFails('partnership-exists', 'conflict');
      partnership
        .given([invited(INVITATION_1), authorized(INVITATION_1)])
        .when((s) => decideInviteReseller(invite(providerAdmin, INVITATION_2), s, inputs()))
        .thenFails('partnership-exists', 'conflict');
    });

    it('cross-cloud comes before partnership-exists', () => {
      partnership
        .given([invited(INVITATION_1)])
        .when((s) => decideInviteReseller(invite(providerAdmin, INVITATION_2), s, inputs(approvedProvider('global'), approvedReseller('germany'))))
        .thenFails('cross-cloud');
    });
  });
});
