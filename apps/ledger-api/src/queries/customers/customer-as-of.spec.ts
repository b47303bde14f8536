import { type CustomerEvent, type CustomerState, evolveCustomer, initialCustomerState } from '@ledger/customers';
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
import { generatedCustomerStream } from '../../../../../libs/customers/src/testing/generated-customer-stream';
import { customerViewOf, type LoggedEvent, occurredAtOf, partnerIsLinked, replayCustomer } from './customer-as-of';

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

/**
 * The replay folds with CustomerFolder, which hands evolveCustomer only the entries each event
 * names. This checks it against the plain fold — the whole state through evolveCustomer, event by
 * event — on generated streams (generated-customer-stream.ts), at every position and at times
 * between the events.
 */
describe('the replay agrees with folding the whole state with evolveCustomer', () => {
  /** The plain fold, as the replay was first written. */
  function plainReplay(events: readonly LoggedEvent[], cutoff: number): { state: CustomerState; establishedAt: Map<string, string>; grantedAt: Map<string, string>; requestOrder: string[] } {
    let state: CustomerState = initialCustomerState;
    const establishedAt = new Map<string, string>();
    const grantedAt = new Map<string, string>();
    const requestOrder: string[] = [];
    for (const stored of events) {
      if (stored.position > cutoff) break;
      const event = { type: stored.type, data: stored.data } as CustomerEvent;
      const before = state;
      state = evolveCustomer(state, event);
      if (state === before) continue;
      if (event.type === 'ResellerRelationshipEstablished') establishedAt.set(event.data.partnerId, occurredAtOf(stored));
      if (event.type === 'DelegatedAdminPrivilegesGranted') grantedAt.set(event.data.partnerId, occurredAtOf(stored));
      if (event.type === 'RelationshipRequested') requestOrder.push(event.data.requestId);
    }
    return { state, establishedAt, grantedAt, requestOrder };
  }

  const customerId = id('generated');

  function generatedStream(seed: number, length: number): LoggedEvent[] {
    return generatedCustomerStream(seed, length, customerId).map((event, index) => ({
      type: event.type,
      data: event.data,
      position: index + 1,
      metadata: { occurredAt: new Date(Date.UTC(2025, 0, 1, 0, index)).toISOString() },
      recordedAt: '2025-01-01T00:00:00.000Z',
    }));
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])('on generated stream %i, at every position', (seed) => {
    const events = generatedStream(seed, 120);
    for (let position = 0; position <= events.length; position += 1) {
      const replayed = replayCustomer(events, { atPosition: position });
      const plain = plainReplay(events, position);
      expect({ seed, position, ...replayed }).toEqual({ seed, position, ...plain });
      expect(Object.keys(replayed.state)).toEqual(Object.keys(plain.state));
    }
  });

  it('as of a time between events, the same as at the position of the last event by then', () => {
    const events = generatedStream(42, 60);
    const stamp = (index: number): string => new Date(Date.UTC(2025, 0, 1, 0, index, 30)).toISOString();
    for (let index = 0; index < events.length; index += 1) {
      expect(replayCustomer(events, { asOf: stamp(index) })).toEqual(plainReplay(events, index + 1));
    }
  });
});
