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
  providerAdmin,
  providerId,
  resellerAdmin,
  resellerId,
  userAdded,
} from '../testing/partnership-fixtures.test-support';
import { decideAuthorizeIndirectProvider } from './authorize-indirect-provider.decide';

const partnership = deciderSpec({ initialState: initialPartnershipState, evolve: evolvePartnership });
const authorize = (invitationId = INVITATION_1, consent = true, actor = resellerAdmin) => ({
  type: 'AuthorizeIndirectProvider' as const,
  data: { providerId, resellerId, invitationId, consent },
  context: contextOf(actor),
});

describe('AuthorizeIndirectProvider', () => {
  it('the reseller checks the box and authorizes: both grants, the partnership is active (seed step 3)', () => {
    const state = partnership
      .given([invited(INVITATION_1)])
      .when((s) => decideAuthorizeIndirectProvider(authorize(), s, inputs()))
      .then([authorized(INVITATION_1)]);
    expect(state).toMatchObject({ status: 'active', grants: ['submit-orders', 'reseller-tenant-admin'] });
  });

  it('after ending and a new invitation, the new one may be authorized', () => {
    partnership
      .given([invited(INVITATION_1), authorized(INVITATION_1), ended(), invited(INVITATION_2)])
      .when((s) => decideAuthorizeIndirectProvider(authorize(INVITATION_2), s, inputs()))
      .then([authorized(INVITATION_2)]);
  });

  describe('check order', () => {
    it('forbidden: the provider may not authorize itself', () => {
      partnership
        .given([invited(INVITATION_1)])
        .when((s) => decideAuthorizeIndirectProvider(authorize(INVITATION_1, true, providerAdmin), s, inputs()))
        .thenFails('forbidden', 'forbidden');
    });

    it('partner-not-found: unknown reseller or provider', () => {
      partnership
        .given([])
        .when((s) => decideAuthorizeIndirectProvider(authorize(), s, inputs(approvedProvider(), [])))
        .thenFails('partner-not-found', 'not-found');
      partnership
        .given([])
        .when((s) => decideAuthorizeIndirectProvider(authorize(), s, inputs([], approvedReseller())))
        .thenFails('partner-not-found', 'not-found');
    });

    it('invitation-not-found (404) for an id never issued to this pair — before the actor’s roles', () => {
      partnership
        .given([invited(INVITATION_1)])
        .when((s) => decideAuthorizeIndirectProvider(authorize(INVITATION_2), s, inputs()))
        .thenFails('invitation-not-found', 'not-found');
      partnership
        .given([invited(INVITATION_1)])
        .when((s) => decideAuthorizeIndirectProvider(authorize(INVITATION_2, true, partnerActor(resellerId, 'nobody')), s, inputs()))
        .thenFails('invitation-not-found', 'not-found');
    });

    it('forbidden: a reseller user without an admin role', () => {
      const reseller = [...approvedReseller(), userAdded(resellerId, 'helpdesk-0001', ['helpdesk-agent'])];
      partnership
        .given([invited(INVITATION_1)])
        .when((s) => decideAuthorizeIndirectProvider(authorize(INVITATION_1, true, partnerActor(resellerId, 'helpdesk-0001', ['global-admin'])), s, inputs(approvedProvider(), reseller)))
        .thenFails('forbidden', 'forbidden');
    });
  });

  it('partner-not-approved: a reseller whose enrollment is still pending', () => {
    partnership
      .given([invited(INVITATION_1)])
      .when((s) => decideAuthorizeIndirectProvider(authorize(), s, inputs(approvedProvider(), approvedReseller().slice(0, 2))))
      .thenFails('partner-not-approved', 'conflict');
  });

  it('invitation-not-found (409) once the invitation is no longer open', () => {
    partnership
      .given([invited(INVITATION_1), authorized(INVITATION_1)])
      .when((s) => decideAuthorizeIndirectProvider(authorize(INVITATION_1), s, inputs()))
      .thenFails('invitation-not-found', 'conflict');
    partnership
      .given([invited(INVITATION_1), authorized(INVITATION_1), ended(), invited(INVITATION_2)])
      .when((s) => decideAuthorizeIndirectProvider(authorize(INVITATION_1), s, inputs()))
      .thenFails('invitation-not-found', 'conflict');
  });

  it('consent-required (422) when the box is not checked', () => {
    partnership
      .given([invited(INVITATION_1)])
      .when((s) => decideAuthorizeIndirectProvider(authorize(INVITATION_1, false), s, inputs()))
      .thenFails('consent-required', 'unprocessable');
  });

  it('a closed invitation answers 409 even without consent', () => {
    partnership
      .given([invited(INVITATION_1), authorized(INVITATION_1)])
      .when((s) => decideAuthorizeIndirectProvider(authorize(INVITATION_1, false), s, inputs()))
      .thenFails('invitation-not-found', 'conflict');
  });
});
