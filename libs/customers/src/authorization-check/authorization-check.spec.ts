import type { CustomerEvent } from '../customer/customer.events';
import { ids, registered, removed, requested, revoked, withRelationship } from '../testing/customer-fixtures';
import { authorizationCheck, type RecordedCustomerEvent, toRecordedCustomerEvents } from './authorization-check';

/** Records events one minute apart from 10:00, at positions 101, 102, ... */
function record(events: readonly CustomerEvent[], startMinute = 0): RecordedCustomerEvent[] {
  return events.map((event, index) => ({
    ...event,
    position: 101 + index,
    occurredMillis: Date.UTC(2025, 2, 1, 10, startMinute + index),
  }));
}

const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 10, minute)).toISOString();

// 10:00 registered · 10:01 requested · 10:02 accepted · 10:03 established · 10:04 DAP granted
// 10:05 relationship removed · 10:06 DAP revoked
const history = record([registered(), ...withRelationship(ids.reseller, { dap: true }), removed(ids.reseller), revoked(ids.reseller)]);

describe('authorizationCheck (domain §4.5)', () => {
  describe('submit-order around a removal', () => {
    it('is allowed while the relationship is active; the establishment decides it', () => {
      expect(authorizationCheck(history, ids.reseller, 'submit-order', at(4))).toEqual({
        allowed: true,
        reasons: [{ type: 'ResellerRelationshipEstablished', position: 104, occurredAt: at(3) }],
      });
    });

    it('is refused from the removal on (asOf is inclusive); the removal decides it', () => {
      expect(authorizationCheck(history, ids.reseller, 'submit-order', at(5))).toEqual({
        allowed: false,
        reasons: [{ type: 'CustomerRelationshipRemoved', position: 106, occurredAt: at(5) }],
      });
      expect(authorizationCheck(history, ids.reseller, 'submit-order')).toEqual({
        allowed: false,
        reasons: [{ type: 'CustomerRelationshipRemoved', position: 106, occurredAt: at(5) }],
      });
    });

    it('is refused before acceptance, with the registration as the reason (there never was a relationship)', () => {
      expect(authorizationCheck(history, ids.reseller, 'submit-order', at(1))).toEqual({
        allowed: false,
        reasons: [{ type: 'CustomerRegistered', position: 101, occurredAt: at(0) }],
      });
    });
  });

  describe('administer-tenant around a revocation', () => {
    it('is allowed while the DAP grant is active, even after the relationship was removed (retained grant)', () => {
      expect(authorizationCheck(history, ids.reseller, 'administer-tenant', at(5))).toEqual({
        allowed: true,
        reasons: [{ type: 'DelegatedAdminPrivilegesGranted', position: 105, occurredAt: at(4) }],
      });
    });

    it('is refused from the revocation on; the revocation decides it', () => {
      expect(authorizationCheck(history, ids.reseller, 'administer-tenant', at(6))).toEqual({
        allowed: false,
        reasons: [{ type: 'DelegatedAdminPrivilegesRevoked', position: 107, occurredAt: at(6) }],
      });
    });

    it('is refused for a relationship without DAP, with the registration as the reason', () => {
      const noDap = record([registered(), ...withRelationship(ids.direct)]);
      expect(authorizationCheck(noDap, ids.direct, 'administer-tenant')).toEqual({
        allowed: false,
        reasons: [{ type: 'CustomerRegistered', position: 101, occurredAt: at(0) }],
      });
      expect(authorizationCheck(noDap, ids.direct, 'submit-order').allowed).toBe(true);
    });
  });

  it('is allowed again after a re-grant: the latest deciding event wins', () => {
    const regranted = record([
      registered(),
      ...withRelationship(ids.reseller, { dap: true }),
      revoked(ids.reseller),
      requested('again', [ids.reseller], [ids.reseller]),
      { type: 'RelationshipAccepted', data: { customerId: ids.customer, requestId: 'again', partners: [ids.reseller], delegatedAdminFor: [ids.reseller] } },
      { type: 'DelegatedAdminPrivilegesGranted', data: { customerId: ids.customer, partnerId: ids.reseller, requestId: 'again' } },
    ]);
    expect(authorizationCheck(regranted, ids.reseller, 'administer-tenant')).toEqual({
      allowed: true,
      reasons: [{ type: 'DelegatedAdminPrivilegesGranted', position: 109, occurredAt: at(8) }],
    });
  });

  it("only the partner's own events count (multi-partner)", () => {
    const twoPartners = record([registered(), ...withRelationship(ids.direct, { dap: true }), ...withRelationship(ids.reseller), removed(ids.reseller)]);
    expect(authorizationCheck(twoPartners, ids.direct, 'submit-order').allowed).toBe(true);
    expect(authorizationCheck(twoPartners, ids.direct, 'administer-tenant').allowed).toBe(true);
    expect(authorizationCheck(twoPartners, ids.reseller, 'submit-order').allowed).toBe(false);
    expect(authorizationCheck(twoPartners, ids.reseller, 'administer-tenant')).toEqual({
      allowed: false,
      reasons: [{ type: 'CustomerRegistered', position: 101, occurredAt: at(0) }],
    });
  });

  it('an unknown customer (or one not yet registered as of then) is refused with no reasons', () => {
    expect(authorizationCheck([], ids.reseller, 'submit-order')).toEqual({ allowed: false, reasons: [] });
    const later = record([registered()], 30);
    expect(authorizationCheck(later, ids.reseller, 'submit-order', at(10))).toEqual({ allowed: false, reasons: [] });
  });

  it('compares times as instants, not as strings', () => {
    const offset = '2025-03-01T11:04:30+01:00'; // 10:04:30Z, after the grant at 10:04Z
    expect(authorizationCheck(history, ids.reseller, 'administer-tenant', offset).allowed).toBe(true);
    expect(() => authorizationCheck(history, ids.reseller, 'submit-order', 'yesterday')).toThrow(RangeError);
  });

  it('adapts stored events, taking the time from metadata.occurredAt and skipping foreign types', () => {
    const stored = [
      { type: 'CustomerRegistered', data: registered().data, position: 7, metadata: { occurredAt: at(0) }, recordedAt: at(9) },
      { type: 'SomethingElse', data: {}, position: 8, metadata: { occurredAt: at(1) } },
    ];
    expect(toRecordedCustomerEvents(stored)).toEqual([{ ...registered(), position: 7, occurredMillis: Date.parse(at(0)) }]);
  });

  it('adapts an event whose occurredAt is not a time by its recordedAt (as the as-of query does), and skips one with neither', () => {
    const stored = [
      { type: 'CustomerRegistered', data: registered().data, position: 7, metadata: { occurredAt: 'garbled' }, recordedAt: at(0) },
      { type: 'RelationshipRequested', data: requested('r', [ids.reseller]).data, position: 8, metadata: { occurredAt: 'garbled' } },
    ];
    const events = toRecordedCustomerEvents(stored);
    expect(events).toEqual([{ ...registered(), position: 7, occurredMillis: Date.parse(at(0)) }]);
    expect(authorizationCheck(events, ids.reseller, 'submit-order')).toEqual({
      allowed: false,
      reasons: [{ type: 'CustomerRegistered', position: 7, occurredAt: at(0) }],
    });
  });

  it('states the times of the reasons in canonical UTC', () => {
    const stored = [{ type: 'CustomerRegistered', data: registered().data, position: 7, metadata: { occurredAt: '2025-03-01T11:00:00+01:00' }, recordedAt: at(9) }];
    expect(authorizationCheck(toRecordedCustomerEvents(stored), ids.reseller, 'submit-order').reasons).toEqual([
      { type: 'CustomerRegistered', position: 7, occurredAt: at(0) },
    ]);
  });
});
