import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import { evolvePartner } from '../partner/partner.evolve';
import { initialPartnerState } from '../partner/partner.state';
import { approved, contextOf, enrolled, ids, partnerActor, programActor, rejected, verified } from '../testing/partner-fixtures.test-support';
import { decideApproveEnrollment } from './approve-enrollment.decide';

const partner = deciderSpec({ initialState: initialPartnerState, evolve: evolvePartner });
const partnerId = ids.reseller;
const approve = (actor = programActor(), reason?: string) => ({
  type: 'ApproveEnrollment' as const,
  data: reason === undefined ? { partnerId } : { partnerId, reason },
  context: contextOf(actor),
});

describe('ApproveEnrollment', () => {
  it('approves a pending, verified enrollment (seed: the account is ready to use)', () => {
    const state = partner
      .given([...enrolled(partnerId), verified(partnerId)])
      .when((s) => decideApproveEnrollment(approve(), s))
      .then([approved(partnerId)]);
    expect(state.status).toBe('approved');
  });

  it('records the reviewer note when given', () => {
    partner
      .given([...enrolled(partnerId), verified(partnerId)])
      .when((s) => decideApproveEnrollment(approve(programActor(), 'All documents in order.'), s))
      .then([{ type: 'PartnerEnrollmentApproved', data: { partnerId, reason: 'All documents in order.' } }]);
  });

  describe('authorization order', () => {
    it('forbidden for a non-program actor', () => {
      partner
        .given([...enrolled(partnerId), verified(partnerId)])
        .when((s) => decideApproveEnrollment(approve(partnerActor(partnerId, undefined, ['global-admin'])), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('partner-not-found before the reviewer role', () => {
      partner
        .given([])
        .when((s) => decideApproveEnrollment(approve(programActor([])), s))
        .thenFails('partner-not-found', 'not-found');
    });

    it('forbidden for a program actor without the reviewer role', () => {
      partner
        .given([...enrolled(partnerId), verified(partnerId)])
        .when((s) => decideApproveEnrollment(approve(programActor(['auditor'])), s))
        .thenFails('forbidden', 'forbidden');
    });
  });

  it('not-pending once decided', () => {
    partner
      .given([...enrolled(partnerId), rejected(partnerId)])
      .when((s) => decideApproveEnrollment(approve(), s))
      .thenFails('not-pending', 'conflict');
    partner
      .given([...enrolled(partnerId), verified(partnerId), approved(partnerId)])
      .when((s) => decideApproveEnrollment(approve(), s))
      .thenFails('not-pending', 'conflict');
  });

  it('contact-not-verified before the primary contact verified its address', () => {
    partner
      .given(enrolled(partnerId))
      .when((s) => decideApproveEnrollment(approve(), s))
      .thenFails('contact-not-verified', 'conflict');
  });
});
