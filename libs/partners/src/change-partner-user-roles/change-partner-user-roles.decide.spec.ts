import type { PartnerRole } from '@ledger/kernel';
import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import { evolvePartner } from '../partner/partner.evolve';
import { initialPartnerState } from '../partner/partner.state';
import {
  approved,
  contextOf,
  enrolled,
  enrollingUserOf,
  ids,
  partnerActor,
  programActor,
  userAdded,
  verified,
} from '../testing/partner-fixtures.test-support';
import { decideChangePartnerUserRoles } from './change-partner-user-roles.decide';

const partner = deciderSpec({ initialState: initialPartnerState, evolve: evolvePartner });
const partnerId = ids.reseller;
const enroller = enrollingUserOf(partnerId);
const approvedHistory = [...enrolled(partnerId), verified(partnerId), approved(partnerId)];
const withSeller = [...approvedHistory, userAdded(partnerId, ids.secondUser, ['sales-agent'])];

const change = (userId: string, roles: PartnerRole[], actor = partnerActor(partnerId, enroller)) => ({
  type: 'ChangePartnerUserRoles' as const,
  data: { partnerId, userId, roles },
  context: contextOf(actor),
});

describe('ChangePartnerUserRoles', () => {
  it('replaces the roles and records the previous ones', () => {
    const state = partner
      .given(withSeller)
      .when((s) => decideChangePartnerUserRoles(change(ids.secondUser, ['sales-agent', 'user-admin']), s))
      .then([
        {
          type: 'PartnerUserRolesChanged',
          data: { partnerId, userId: ids.secondUser, roles: ['sales-agent', 'user-admin'], previousRoles: ['sales-agent'] },
        },
      ]);
    expect(state.status !== 'none' && state.users[ids.secondUser]?.roles).toEqual(['sales-agent', 'user-admin']);
  });

  it('lets the enrolling user take admin agent permissions (seed step 9) and keep global admin', () => {
    partner
      .given(withSeller)
      .when((s) => decideChangePartnerUserRoles(change(enroller, ['global-admin', 'admin-agent', 'account-admin']), s))
      .then([
        {
          type: 'PartnerUserRolesChanged',
          data: { partnerId, userId: enroller, roles: ['global-admin', 'admin-agent', 'account-admin'], previousRoles: ['global-admin', 'admin-agent'] },
        },
      ]);
  });

  describe('check order', () => {
    it('forbidden: wrong kind', () => {
      partner
        .given(withSeller)
        .when((s) => decideChangePartnerUserRoles(change(ids.secondUser, [], programActor()), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('forbidden: another tenant', () => {
      partner
        .given(withSeller)
        .when((s) => decideChangePartnerUserRoles(change(ids.secondUser, [], partnerActor(ids.provider, enroller)), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('partner-not-found', () => {
      partner
        .given([])
        .when((s) => decideChangePartnerUserRoles(change(ids.secondUser, []), s))
        .thenFails('partner-not-found', 'not-found');
    });

    it('user-not-found (404) for an unknown or removed user — before the actor’s roles', () => {
      partner
        .given(withSeller)
        .when((s) => decideChangePartnerUserRoles(change(ids.thirdUser, ['sales-agent']), s))
        .thenFails('user-not-found', 'not-found');
      partner
        .given(withSeller)
        .when((s) => decideChangePartnerUserRoles(change(ids.thirdUser, ['sales-agent'], partnerActor(partnerId, ids.secondUser)), s))
        .thenFails('user-not-found', 'not-found');
    });

    it('forbidden: the actor is recorded without a user-manager role', () => {
      partner
        .given(withSeller)
        .when((s) => decideChangePartnerUserRoles(change(ids.secondUser, ['global-admin'], partnerActor(partnerId, ids.secondUser, ['global-admin'])), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('partner-not-approved', () => {
      partner
        .given([...enrolled(partnerId), verified(partnerId)])
        .when((s) => decideChangePartnerUserRoles(change(enroller, ['global-admin']), s))
        .thenFails('partner-not-approved', 'conflict');
    });
  });

  it('last-global-admin when the only global admin would lose the role', () => {
    partner
      .given(withSeller)
      .when((s) => decideChangePartnerUserRoles(change(enroller, ['admin-agent']), s))
      .thenFails('last-global-admin', 'conflict');
  });

  it('another global admin may take the role away once there are two', () => {
    partner
      .given([...withSeller, userAdded(partnerId, ids.thirdUser, ['global-admin'])])
      .when((s) => decideChangePartnerUserRoles(change(enroller, ['admin-agent'], partnerActor(partnerId, ids.thirdUser)), s))
      .then([
        {
          type: 'PartnerUserRolesChanged',
          data: { partnerId, userId: enroller, roles: ['admin-agent'], previousRoles: ['global-admin', 'admin-agent'] },
        },
      ]);
  });
});
