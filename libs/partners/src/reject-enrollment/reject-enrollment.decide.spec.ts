import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import { evolvePartner } from '../partner/partner.evolve';
import { initialPartnerState } from '../partner/partner.state';
import { approved, contextOf, enrolled, ids, partnerActor, programActor, rejected, verified } from '../testing/partner-fixtures.test-support';
import { decideRejectEnrollment } from './reject-enrollment.decide';

const partner = deciderSpec({ initialState: initialPartnerState, evolve: evolvePartner });
const partnerId = ids.reseller;
const reject = (actor = programActor()) => ({
  type: 'RejectEnrollment' as const,
  data: { partnerId, reason: 'Profile could not be confirmed.' },
  context: contextOf(actor),
});

describe('RejectEnrollment', () => {
  it('rejects a pending enrollment, verified or not; the partner stays inert', () => {
    const state = partner
      .given(enrolled(partnerId))
      .when((s) => decideRejectEnrollment(reject(), s))
      .then([rejected(partnerId)]);
    expect(state.status).toBe('rejected');
    partner
      .given([...enrolled(partnerId), verified(partnerId)])
      .when((s) => decideRejectEnrollment(reject(), s))
      .then([rejected(partnerId)]);
  });

  it('forbidden for a non-program actor', () => {
    partner
      .given(enrolled(partnerId))
      .when((s) => decideRejectEnrollment(reject({ kind: 'auditor', tenantId: 'x', userId: 'a', roles: ['reviewer'] }), s))
      .thenFails('forbidden', 'forbidden');
    partner
      .given(enrolled(partnerId))
      .when((s) => decideRejectEnrollment(reject(partnerActor(partnerId, undefined, ['global-admin'])), s))
      .thenFails('forbidden');
  });

  it('partner-not-found for an unknown partner', () => {
    partner
      .given([])
      .when((s) => decideRejectEnrollment(reject(), s))
      .thenFails('partner-not-found', 'not-found');
  });

  it('forbidden for a program actor without the reviewer role', () => {
    partner
      .given(enrolled(partnerId))
      .when((s) => decideRejectEnrollment(reject(programActor([])), s))
      .thenFails('forbidden', 'forbidden');
  });

  it('not-pending once decided', () => {
    partner
      .given([...enrolled(partnerId), verified(partnerId), approved(partnerId)])
      .when((s) => decideRejectEnrollment(reject(), s))
      .thenFails('not-pending', 'conflict');
    partner
      .given([...enrolled(partnerId), rejected(partnerId)])
      .when((s) => decideRejectEnrollment(reject(), s))
      .thenFails('not-pending');
  });
});
