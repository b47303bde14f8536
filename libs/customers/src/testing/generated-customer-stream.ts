/*
 * Generated customer streams for checking folds against `fold(evolveCustomer, …)` (foldCustomer,
 * the as-of replay). They do everything the aggregate knows, in and out of order: events before
 * the registration, a second registration, closing unknown or closed requests, removing what is
 * not active, re-granting, an event type it does not know. Few partners and requests, so events
 * keep meeting the same entries; accepts and declines name partners (and accepts DAP partners), so
 * a fold that hands evolve only the entries an event names is caught if evolve starts reading those.
 */
import type { DomainEvent } from '@ledger/kernel';
import { goodFaith } from './customer-fixtures';

export const generatedPartners = ['b2b2b2b2-0000-4000-8000-000000000001', 'b2b2b2b2-0000-4000-8000-000000000002', 'b2b2b2b2-0000-4000-8000-000000000003'];
export const generatedRequests = ['q1', 'q2', 'q3', 'q4'];

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function randomOf(seed: number): (n: number) => number {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** `length` events of the stream of `customerId`, from `seed`. */
export function generatedCustomerStream(seed: number, length: number, customerId: string): DomainEvent[] {
  const pick = randomOf(seed);
  const partner = (): string => generatedPartners[pick(generatedPartners.length)]!;
  const request = (): string => generatedRequests[pick(generatedRequests.length)]!;
  const some = (): string[] => generatedPartners.filter(() => pick(2) === 0);
  const atLeastOne = (): string[] => {
    const chosen = some();
    return chosen.length > 0 ? chosen : [partner()];
  };
  const makers: (() => DomainEvent)[] = [
    () => ({ type: 'CustomerRegistered', data: { customerId, companyName: `Name ${pick(3)}`, domain: 'contoso.example', country: 'US', cloud: 'global' } }),
    () => ({ type: 'RelationshipRequested', data: { customerId, requestId: request(), partners: some(), delegatedAdminFor: some() } }),
    () => ({ type: 'RelationshipAccepted', data: { customerId, requestId: request(), partners: atLeastOne(), delegatedAdminFor: atLeastOne() } }),
    () => ({ type: 'RelationshipDeclined', data: { customerId, requestId: request(), partners: atLeastOne() } }),
    () => ({ type: 'ResellerRelationshipEstablished', data: { customerId, partnerId: partner(), requestId: request() } }),
    () => ({ type: 'CustomerRelationshipRemoved', data: { customerId, partnerId: partner(), attestation: goodFaith, legalNotice: { required: false } } }),
    () => ({ type: 'DelegatedAdminPrivilegesGranted', data: { customerId, partnerId: partner(), requestId: request() } }),
    () => ({ type: 'DelegatedAdminPrivilegesRevoked', data: { customerId, partnerId: partner(), revokedBy: pick(2) === 0 ? 'customer' : 'partner' } }),
    () => ({ type: 'SomethingElse', data: { customerId, partnerId: generatedPartners[0]! } }),
  ];
  return Array.from({ length }, (_, index) => (pick(8) === 0 && index < 3 ? makers[0]! : makers[pick(makers.length)]!)());
}
