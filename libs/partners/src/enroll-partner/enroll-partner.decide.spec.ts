import { fold } from '@ledger/kernel';
import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import { evolveMpnRegistry } from '../mpn-registry/mpn-registry.evolve';
import type { MpnRegistryEvent } from '../mpn-registry/mpn-registry.events';
import { initialMpnRegistryState } from '../mpn-registry/mpn-registry.state';
import { evolvePartner } from '../partner/partner.evolve';
import { initialPartnerState } from '../partner/partner.state';
import {
  approved,
  contextOf,
  enrolled,
  enrollingUserOf,
  enrollmentData,
  ids,
  partnerActor,
  partnerStateOf,
  programActor,
  rejected,
  verified,
} from '../testing/partner-fixtures.test-support';
import { evolveTenantRegistry } from '../tenant-registry/tenant-registry.evolve';
import { initialTenantRegistryState } from '../tenant-registry/tenant-registry.state';
import {
  type EnrollPartnerData,
  decideCspTenantReservation,
  decideEnrollPartner,
  decideMpnIdReservation,
} from './enroll-partner.decide';

const partner = deciderSpec({ initialState: initialPartnerState, evolve: evolvePartner });
const partnerId = ids.reseller;
const globalAdmin = partnerActor(partnerId, enrollingUserOf(partnerId), ['global-admin']);

const enroll = (data: EnrollPartnerData = enrollmentData(partnerId), actor = globalAdmin) => ({
  type: 'EnrollPartner' as const,
  data,
  context: contextOf(actor),
});

describe('EnrollPartner', () => {
  it('records the enrollment and the enrolling user as global admin and admin agent (seed: enrol as an indirect reseller)', () => {
    const state = partner
      .given([])
      .when((s) => decideEnrollPartner(enroll(), s))
      .then(enrolled(partnerId));
    expect(state).toMatchObject({ status: 'pending', partnerType: 'indirect-reseller', primaryContactVerified: false });
    expect(state.status !== 'none' && state.users[enrollingUserOf(partnerId)]?.roles).toEqual(['global-admin', 'admin-agent']);
  });

  describe('who', () => {
    it('refuses a non-partner actor', () => {
      partner
        .given([])
        .when((s) => decideEnrollPartner(enroll(enrollmentData(partnerId), { ...programActor(), roles: ['global-admin'] }), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('refuses a partner actor of another tenant', () => {
      partner
        .given([])
        .when((s) => decideEnrollPartner(enroll(enrollmentData(partnerId), partnerActor(ids.provider, 'u', ['global-admin'])), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('refuses a user whose token does not claim global-admin', () => {
      partner
        .given([])
        .when((s) => decideEnrollPartner(enroll(enrollmentData(partnerId), partnerActor(partnerId, 'u', ['admin-agent'])), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('checks the actor before anything else (an already-enrolled partner still answers 403 to a stranger)', () => {
      partner
        .given(enrolled(partnerId))
        .when((s) => decideEnrollPartner(enroll(enrollmentData(partnerId), partnerActor(partnerId, 'u', [])), s))
        .thenFails('forbidden');
    });
  });

  describe('rules, in order', () => {
    it('already-enrolled: pending, approved or rejected alike', () => {
      for (const history of [
        enrolled(partnerId),
        [...enrolled(partnerId), verified(partnerId), approved(partnerId)],
        [...enrolled(partnerId), rejected(partnerId)],
      ]) {
        partner
          .given(history)
          .when((s) => decideEnrollPartner(enroll(), s))
          .thenFails('already-enrolled', 'conflict');
      }
    });

    it('mpn-country-mismatch when the MPN profile is in another country than the tenant', () => {
      const data = enrollmentData(partnerId, {
        tenantCountry: 'FR',
        primaryContact: { name: 'A', email: 'a@gmail.com', phone: '1' },
      });
      partner
        .given([])
        .when((s) => decideEnrollPartner(enroll(data), s))
        .thenFails('mpn-country-mismatch', 'unprocessable');
    });

    it('compares countries case-insensitively', () => {
      const data = enrollmentData(partnerId, { tenantCountry: 'de' });
      expect(partner.given([]).when((s) => decideEnrollPartner(enroll(data), s)).events()).toHaveLength(2);
    });

    it('webmail-not-accepted for a primary contact at a web-based mail service', () => {
      const data = enrollmentData(partnerId, { primaryContact: { name: 'A', email: 'Alex@Hotmail.co.uk', phone: '1' } });
      partner
        .given([])
        .when((s) => decideEnrollPartner(enroll(data), s))
        .thenFails('webmail-not-accepted', 'unprocessable');
    });

    it('already-enrolled comes before the request rules', () => {
      const data = enrollmentData(partnerId, { tenantCountry: 'FR' });
      partner
        .given(enrolled(partnerId))
        .when((s) => decideEnrollPartner(enroll(data), s))
        .thenFails('already-enrolled');
    });
  });
});

describe('MPN id reservation (the mpn-id-in-use rule)', () => {
  const mpn = deciderSpec({ initialState: initialMpnRegistryState, evolve: evolveMpnRegistry });
  const claim = { mpnId: '1234567', partnerId };
  const heldBy = (holder: string): MpnRegistryEvent[] => [{ type: 'MpnIdReserved', data: { mpnId: '1234567', partnerId: holder } }];

  it('reserves a free MPN id', () => {
    mpn
      .given([])
      .when((s) => decideMpnIdReservation(s, claim))
      .then(heldBy(partnerId));
  });

  it('needs nothing when this partner already holds it (a retried enrollment)', () => {
    mpn
      .given(heldBy(partnerId))
      .when((s) => decideMpnIdReservation(s, claim))
      .then([]);
  });

  it('mpn-id-in-use when another partner holds it', () => {
    mpn
      .given(heldBy(ids.provider))
      .when((s) => decideMpnIdReservation(s, claim, partnerStateOf(enrolled(ids.provider, { mpnId: '1234567' }))))
      .thenFails('mpn-id-in-use', 'conflict');
  });

  it('mpn-id-in-use while the holder has not enrolled yet (it may be finishing its enrollment)', () => {
    mpn
      .given(heldBy(ids.provider))
      .when((s) => decideMpnIdReservation(s, claim, initialPartnerState))
      .thenFails('mpn-id-in-use');
  });

  it('takes over a stale claim whose holder enrolled with another MPN id', () => {
    mpn
      .given(heldBy(ids.provider))
      .when((s) => decideMpnIdReservation(s, claim, partnerStateOf(enrolled(ids.provider, { mpnId: '7654321' }))))
      .then(heldBy(partnerId));
  });
});

describe('CSP tenant reservation', () => {
  const tenant = deciderSpec({ initialState: initialTenantRegistryState, evolve: evolveTenantRegistry });
  const claim = { tenantId: partnerId, partnerId };

  it('claims an unknown tenant', () => {
    tenant
      .given([])
      .when((s) => decideCspTenantReservation(s, claim))
      .then([{ type: 'CspTenantReserved', data: claim }]);
  });

  it('claims a tenant already registered as a customer (no rule forbids enrolling it)', () => {
    tenant
      .given([{ type: 'CustomerTenantRegistered', data: { tenantId: partnerId, customerId: partnerId } }])
      .when((s) => decideCspTenantReservation(s, claim))
      .then([{ type: 'CspTenantReserved', data: claim }]);
  });

  it('is idempotent for the same partner', () => {
    tenant
      .given([{ type: 'CspTenantReserved', data: claim }])
      .when((s) => decideCspTenantReservation(s, claim))
      .then([]);
  });

  it('already-enrolled if another partner held it', () => {
    const state = fold(evolveTenantRegistry, initialTenantRegistryState, [
      { type: 'CspTenantReserved', data: { tenantId: partnerId, partnerId: ids.provider } },
    ]);
    expect(() => decideCspTenantReservation(state, claim)).toThrow(expect.objectContaining({ code: 'already-enrolled' }));
  });
});
