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
  rejected,
  userAdded,
  verified,
} from '../testing/partner-fixtures.test-support';
import { decideAddPartnerUser } from './add-partner-user.decide';

const partner = deciderSpec({ initialState: initialPartnerState, evolve: evolvePartner });
const partnerId = ids.reseller;
const enroller = enrollingUserOf(partnerId);
const approvedHistory = [...enrolled(partnerId), verified(partnerId), approved(partnerId)];

const add = (
  actor = partnerActor(partnerId, enroller),
  user: { userId?: string; email?: string; roles?: PartnerRole[] } = {},
) => ({
  type: 'AddPartnerUser' as const,
  data: {
    partnerId,
    userId: user.userId ?? ids.secondUser,
    name: 'Megan Bowen',
    email: user.email ?? 'megan@contoso.example',
    roles: user.roles ?? ['sales-agent'],
  },
  context: contextOf(actor),
});

describe('AddPartnerUser', () => {
  it('records a new user with their roles (seed: add a new user)', () => {
    const state = partner
      .given(approvedHistory)
      .when((s) => decideAddPartnerUser(add(), s))
      .then([
        {
          type: 'PartnerUserAdded',
          data: { partnerId, userId: ids.secondUser, name: 'Megan Bowen', email: 'megan@contoso.example', roles: ['sales-agent'] },
        },
      ]);
    expect(state.status !== 'none' && Object.keys(state.users)).toHaveLength(2);
  });

  it('records each role once', () => {
    const events = partner
      .given(approvedHistory)
      .when((s) => decideAddPartnerUser(add(undefined, { roles: ['sales-agent', 'helpdesk-agent', 'sales-agent'] }), s))
      .events();
    expect(events[0]?.data).toMatchObject({ roles: ['sales-agent', 'helpdesk-agent'] });
  });

  it('a user-admin (recorded) may add users', () => {
    partner
      .given([...approvedHistory, userAdded(partnerId, ids.thirdUser, ['user-admin'])])
      .when((s) => decideAddPartnerUser(add(partnerActor(partnerId, ids.thirdUser)), s))
      .then([
        {
          type: 'PartnerUserAdded',
          data: { partnerId, userId: ids.secondUser, name: 'Megan Bowen', email: 'megan@contoso.example', roles: ['sales-agent'] },
        },
      ]);
  });

  describe('authorization order', () => {
    it('forbidden: wrong actor kind', () => {
      partner
        .given(approvedHistory)
        .when((s) => decideAddPartnerUser(add(programActor()), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('forbidden: a user of another partner, before partner-not-found', () => {
      partner
        .given([])
        .when((s) => decideAddPartnerUser(add(partnerActor(ids.provider, enroller, ['global-admin'])), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('partner-not-found: unknown partner', () => {
      partner
        .given([])
        .when((s) => decideAddPartnerUser(add(), s))
        .thenFails('partner-not-found', 'not-found');
    });

    it('forbidden: a user the ledger has not recorded, whatever its token claims', () => {
      partner
        .given(approvedHistory)
        .when((s) => decideAddPartnerUser(add(partnerActor(partnerId, ids.thirdUser, ['global-admin'])), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('forbidden: a recorded user without a user-manager role, whatever its token claims', () => {
      partner
        .given([...approvedHistory, userAdded(partnerId, ids.thirdUser, ['sales-agent', 'account-admin'])])
        .when((s) => decideAddPartnerUser(add(partnerActor(partnerId, ids.thirdUser, ['global-admin'])), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('forbidden: a removed user', () => {
      partner
        .given([
          ...approvedHistory,
          userAdded(partnerId, ids.thirdUser, ['global-admin']),
          { type: 'PartnerUserRemoved', data: { partnerId, userId: ids.thirdUser } },
        ])
        .when((s) => decideAddPartnerUser(add(partnerActor(partnerId, ids.thirdUser)), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('partner-not-approved while pending or after rejection', () => {
      partner
        .given([...enrolled(partnerId), verified(partnerId)])
        .when((s) => decideAddPartnerUser(add(), s))
        .thenFails('partner-not-approved', 'conflict');
      partner
        .given([...enrolled(partnerId), rejected(partnerId)])
        .when((s) => decideAddPartnerUser(add(), s))
        .thenFails('partner-not-approved', 'conflict');
    });
  });

  describe('duplicate-user-email', () => {
    it('when the email is already a user’s, compared case-insensitively', () => {
      const error = partner
        .given(approvedHistory)
        .when((s) => decideAddPartnerUser(add(undefined, { email: 'ALEX@contoso.example' }), s))
        .thenFails('duplicate-user-email', 'conflict');
      expect(error.details).toEqual({ field: 'email' });
    });

    it('when the user id is already a current user', () => {
      const error = partner
        .given(approvedHistory)
        .when((s) => decideAddPartnerUser(add(undefined, { userId: enroller }), s))
        .thenFails('duplicate-user-email', 'conflict');
      expect(error.details).toEqual({ field: 'userId' });
    });

    it('a removed user may be added again, and its email is free again', () => {
      partner
        .given([
          ...approvedHistory,
          userAdded(partnerId, ids.secondUser, ['sales-agent'], 'megan@contoso.example'),
          { type: 'PartnerUserRemoved', data: { partnerId, userId: ids.secondUser } },
        ])
        .when((s) => decideAddPartnerUser(add(), s))
        .then([
          {
            type: 'PartnerUserAdded',
            data: { partnerId, userId: ids.secondUser, name: 'Megan Bowen', email: 'megan@contoso.example', roles: ['sales-agent'] },
          },
        ]);
    });
  });
});
