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
import { decideRemovePartnerUser } from './remove-partner-user.decide';

const partner = deciderSpec({ initialState: initialPartnerState, evolve: evolvePartner });
const partnerId = ids.reseller;
const enroller = enrollingUserOf(partnerId);
const approvedHistory = [...enrolled(partnerId), verified(partnerId), approved(partnerId)];
const withSeller = [...approvedHistory, userAdded(partnerId, ids.secondUser, ['sales-agent'])];

const remove = (userId: string, actor = partnerActor(partnerId, enroller)) => ({
  type: 'RemovePartnerUser' as const,
  data: { partnerId, userId },
  context: contextOf(actor),
});

describe('RemovePartnerUser', () => {
  it('removes a user, who then is no recorded user any more', () => {
    const state = partner
      .given(withSeller)
      .when((s) => decideRemovePartnerUser(remove(ids.secondUser), s))
      .then([{ type: 'PartnerUserRemoved', data: { partnerId, userId: ids.secondUser } }]);
    expect(state.status !== 'none' && state.users[ids.secondUser]).toBeUndefined();
  });

  it('a global admin may remove themselves while another global admin remains', () => {
    partner
      .given([...withSeller, userAdded(partnerId, ids.thirdUser, ['global-admin'])])
      .when((s) => decideRemovePartnerUser(remove(enroller), s))
      .then([{ type: 'PartnerUserRemoved', data: { partnerId, userId: enroller } }]);
  });

  describe('check order', () => {
    it('forbidden: wrong kind or tenant', () => {
      partner
        .given(withSeller)
        .when((s) => decideRemovePartnerUser(remove(ids.secondUser, programActor()), s))
        .thenFails('forbidden', 'forbidden');
      partner
        .given(withSeller)
        .when((s) => decideRemovePartnerUser(remove(ids.secondUser, partnerActor(ids.provider, enroller)), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('partner-not-found', () => {
      partner
        .given([])
        .when((s) => decideRemovePartnerUser(remove(ids.secondUser), s))
        .thenFails('partner-not-found', 'not-found');
    });

    it('user-not-found for a user never added, or already removed', () => {
      partner
        .given(withSeller)
        .when((s) => decideRemovePartnerUser(remove(ids.thirdUser), s))
        .thenFails('user-not-found', 'not-found');
      partner
        .given([...withSeller, { type: 'PartnerUserRemoved', data: { partnerId, userId: ids.secondUser } }])
        .when((s) => decideRemovePartnerUser(remove(ids.secondUser), s))
        .thenFails('user-not-found', 'not-found');
    });

    it('forbidden: an unrecorded actor, or one without a user-manager role', () => {
      partner
        .given(withSeller)
        .when((s) => decideRemovePartnerUser(remove(enroller, partnerActor(partnerId, ids.thirdUser, ['global-admin'])), s))
        .thenFails('forbidden', 'forbidden');
      partner
        .given(withSeller)
        .when((s) => decideRemovePartnerUser(remove(enroller, partnerActor(partnerId, ids.secondUser)), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('partner-not-approved for a rejected partner', () => {
      partner
        .given([...enrolled(partnerId), rejected(partnerId)])
        .when((s) => decideRemovePartnerUser(remove(enroller), s))
        .thenFails('partner-not-approved', 'conflict');
    });
  });

  it('last-global-admin: a partner keeps at least one global admin', () => {
    partner
      .given(withSeller)
      .when((s) => decideRemovePartnerUser(remove(enroller), s))
      .thenFails('last-global-admin', 'conflict');
  });
});
