import type { DomainEvent } from '@ledger/kernel';
import { customerListsProjection, getCustomer } from '@ledger/projections';
import {
  accepted,
  customerRegistered,
  customerStream,
  dapRevoked,
  declined,
  id,
  relationshipRemoved,
  relationshipRequested,
} from '../../../../../projections/testing/events';
import { projectionHarness, type ProjectionHarness } from '../../../../../projections/testing/harness';
import { customerViewOf, type LoggedEvent, partnerIsLinked, replayCustomer } from './customer-as-of';

const customer = id('customer');
const direct = id('direct');
const reseller = id('reseller');
const provider = id('provider');
const stranger = id('stranger');

/** One customer's history, one step a minute from 10:00 (each step one append, as one command). */
const steps: readonly (readonly DomainEvent[])[] = [
  [customerRegistered(customer)],
  [relationshipRequested(customer, 'r1', [direct], [direct])],
  accepted(customer, 'r1', [direct], [direct]),
  [relationshipRequested(customer, 'r2', [reseller, provider], [reseller])],
  [relationshipRequested(customer, 'r3', [stranger], [])],
  accepted(customer, 'r2', [reseller, provider], [reseller]),
  [declined(customer, 'r3', [stranger])],
  [relationshipRemoved(customer, direct)], // direct's DAP is retained from here
  [relationshipRequested(customer, 'r4', [direct], [])],
  [dapRevoked(customer, reseller)],
  accepted(customer, 'r4', [direct], [], { alreadyGranted: [direct] }),
  [relationshipRemoved(customer, provider)],
];
const minute = (n: number): string => new Date(Date.UTC(2025, 2, 1, 10, n)).toISOString();

describe('the customer as of a time or position, replayed from its stream', () => {
  let h: ProjectionHarness;
  /** After each step: the read model's view then (current at that moment), and the step's last position. */
  const snapshots: { position: number; full: unknown; scoped: Record<string, unknown> }[] = [];
  let log: LoggedEvent[];

  beforeAll(async () => {
    h = await projectionHarness([customerListsProjection]);
    for (const [index, events] of steps.entries()) {
      const position = await h.given(customerStream(customer), events, { occurredAt: minute(index) });
      snapshots.push({
        position,
        full: getCustomer(h.db, customer),
        scoped: Object.fromEntries([direct, reseller, provider, stranger].map((partnerId) => [partnerId, getCustomer(h.db, customer, { partnerId })])),
      });
    }
    log = await h.store.readStream(customerStream(customer));
  });
  afterAll(() => h.close());

  it('at every position equals what the read model showed at that moment, whole and scoped to each partner', () => {
    for (const snapshot of snapshots) {
      const replay = replayCustomer(log, { atPosition: snapshot.position });
      expect(customerViewOf(replay)).toEqual(snapshot.full);
      for (const [partnerId, scoped] of Object.entries(snapshot.scoped)) {
        expect({ partnerId, view: customerViewOf(replay, { partnerId }) }).toEqual({ partnerId, view: scoped });
      }
    }
  });

  it('asOf is inclusive and equals the position of the last step at or before that time', () => {
    for (const [index, snapshot] of snapshots.entries()) {
      expect(customerViewOf(replayCustomer(log, { asOf: minute(index) }))).toEqual(snapshot.full);
      // Half a minute later nothing new happened yet.
      expect(customerViewOf(replayCustomer(log, { asOf: new Date(Date.parse(minute(index)) + 30_000).toISOString() }))).toEqual(snapshot.full);
    }
  });

  it('shows a retained DAP grant as relationshipActive false, with the time it was granted', () => {
    const afterRemoval = customerViewOf(replayCustomer(log, { asOf: minute(7) }))!;
    expect(afterRemoval.relationships.map((r) => r.partnerId)).not.toContain(direct);
    expect(afterRemoval.dapGrants).toContainEqual({ partnerId: direct, grantedAt: minute(2), relationshipActive: false });
    // Re-established later: the relationship has a new since, the grant keeps its time.
    const now = customerViewOf(replayCustomer(log, { now: true }))!;
    expect(now.relationships).toContainEqual({ partnerId: direct, since: minute(10) });
    expect(now.dapGrants).toContainEqual({ partnerId: direct, grantedAt: minute(2), relationshipActive: true });
  });

  it('is null before the registration, and for a time that is not one it throws', () => {
    expect(customerViewOf(replayCustomer(log, { asOf: '2025-03-01T09:59:59.999Z' }))).toBeNull();
    expect(customerViewOf(replayCustomer([], { now: true }))).toBeNull();
    expect(() => replayCustomer(log, { asOf: 'yesterday' })).toThrow(RangeError);
  });

  it('compares times as instants (offsets allowed)', () => {
    const atFiveOffset = '2025-03-01T11:05:00+01:00'; // = minute(5)
    expect(customerViewOf(replayCustomer(log, { asOf: atFiveOffset }))).toEqual(snapshots[5]!.full);
  });

  it('a partner is linked while it has or had a relationship, or an open request names it', () => {
    const at = (step: number) => replayCustomer(log, { atPosition: snapshots[step]!.position }).state;
    expect(partnerIsLinked(at(0), direct)).toBe(false);
    expect(partnerIsLinked(at(1), direct)).toBe(true); // its request is open
    expect(partnerIsLinked(at(4), stranger)).toBe(true);
    expect(partnerIsLinked(at(6), stranger)).toBe(false); // declined: never had a relationship
    expect(partnerIsLinked(at(11), provider)).toBe(true); // had one
    expect(partnerIsLinked(at(11), id('nobody'))).toBe(false);
  });
});
