import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import { evolvePartner } from '../partner/partner.evolve';
import { initialPartnerState } from '../partner/partner.state';
import { approved, contextOf, enrolled, ids, partnerActor, programActor, rejected, verified } from '../testing/partner-fixtures.test-support';
import { decideVerifyPrimaryContactEmail } from './verify-primary-contact-email.decide';

const partner = deciderSpec({ initialState: initialPartnerState, evolve: evolvePartner });
const partnerId = ids.reseller;
const verify = (actor = programActor([])) => ({
  type: 'VerifyPrimaryContactEmail' as const,
  data: { partnerId, token: 'link-token' },
  context: contextOf(actor),
});

describe('VerifyPrimaryContactEmail', () => {
  it('records the verified primary contact address and the token (seed: the primary contact verifies)', () => {
    const state = partner
      .given(enrolled(partnerId))
      .when((s) => decideVerifyPrimaryContactEmail(verify(), s))
      .then([verified(partnerId)]);
    expect(state).toMatchObject({ status: 'pending', primaryContactVerified: true });
  });

  it('any program actor may record it (no reviewer role needed)', () => {
    partner
      .given(enrolled(partnerId))
      .when((s) => decideVerifyPrimaryContactEmail(verify(programActor(['reviewer'])), s))
      .then([verified(partnerId)]);
  });

  it('forbidden for anyone but the program, even the partner itself', () => {
    partner
      .given(enrolled(partnerId))
      .when((s) => decideVerifyPrimaryContactEmail(verify(partnerActor(partnerId, undefined, ['global-admin'])), s))
      .thenFails('forbidden', 'forbidden');
  });

  it('partner-not-found for an unknown partner', () => {
    partner
      .given([])
      .when((s) => decideVerifyPrimaryContactEmail(verify(), s))
      .thenFails('partner-not-found', 'not-found');
  });

  it('not-pending once approved or rejected', () => {
    partner
      .given([...enrolled(partnerId), verified(partnerId), approved(partnerId)])
      .when((s) => decideVerifyPrimaryContactEmail(verify(), s))
      .thenFails('not-pending', 'conflict');
    partner
      .given([...enrolled(partnerId), rejected(partnerId)])
      .when((s) => decideVerifyPrimaryContactEmail(verify(), s))
      .thenFails('not-pending', 'conflict');
  });
});
