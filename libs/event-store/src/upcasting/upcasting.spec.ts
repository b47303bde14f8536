import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../contract/event-store.contract';
import type { EventStore, NewEvent, RecordedEvent } from '../port';
import { createSqliteEventStore } from '../sqlite/sqlite-event-store';
import { schemaVersionOf, type Upcaster, UpcasterRegistry } from './upcaster';
import { withUpcasting } from './with-upcasting';

/*
 * A made-up type with two shape changes, to pin the mechanism: TicketOpened v1 {title},
 * v2 adds {priority: 'normal'} (a default), v3 renames title → subject.
 */
const ticketV1ToV2: Upcaster<{ title: string }, { title: string; priority: string }> = {
  eventType: 'TicketOpened',
  fromVersion: 1,
  description: 'adds priority, default normal',
  upcast: (data) => ({ ...data, priority: 'normal' }),
};
const ticketV2ToV3: Upcaster<{ title: string; priority: string }, { subject: string; priority: string }> = {
  eventType: 'TicketOpened',
  fromVersion: 2,
  description: 'renames title to subject',
  upcast: ({ title, priority }) => ({ subject: title, priority }),
};
const registry = (): UpcasterRegistry => new UpcasterRegistry([ticketV1ToV2 as Upcaster, ticketV2ToV3 as Upcaster]);

function recorded(type: string, data: unknown, metadata: Record<string, unknown>): RecordedEvent {
  return { id: randomUUID(), streamId: 'ticket-1', revision: 0, position: 1, type, data, metadata, recordedAt: '2025-01-01T00:00:00.000Z' };
}

describe('UpcasterRegistry', () => {
  it('brings a version-1 event through every step to the current shape and says so in metadata.schemaVersion', () => {
    const event = recorded('TicketOpened', { title: 'Printer on fire' }, { schemaVersion: 1, correlationId: 'c-1' });
    const upcast = registry().upcast(event);
    expect(upcast.data).toEqual({ subject: 'Printer on fire', priority: 'normal' });
    expect(upcast.metadata).toEqual({ schemaVersion: 3, correlationId: 'c-1' });
    // The stored event is not touched.
    expect(event.data).toEqual({ title: 'Printer on fire' });
    expect(event.metadata.schemaVersion).toBe(1);
  });

  it('starts from the recorded version: a version-2 event only takes the 2 → 3 step', () => {
    const upcast = registry().upcast(recorded('TicketOpened', { title: 'Jam', priority: 'high' }, { schemaVersion: 2 }));
    expect(upcast.data).toEqual({ subject: 'Jam', priority: 'high' });
    expect(upcast.metadata.schemaVersion).toBe(3);
  });

  it('reads an event without schemaVersion as version 1', () => {
    const upcast = registry().upcast(recorded('TicketOpened', { title: 'Old' }, {}));
    expect(upcast.data).toEqual({ subject: 'Old', priority: 'normal' });
    expect(schemaVersionOf(recorded('X', {}, { schemaVersion: 'two' }))).toBe(1);
  });

  it('returns current events, newer events and other types unchanged (the same object)', () => {
    const current = recorded('TicketOpened', { subject: 'Now', priority: 'low' }, { schemaVersion: 3 });
    const newer = recorded('TicketOpened', { something: 'else' }, { schemaVersion: 4 });
    const other = recorded('TicketClosed', { title: 'x' }, { schemaVersion: 1 });
    const upcasters = registry();
    expect(upcasters.upcast(current)).toBe(current);
    expect(upcasters.upcast(newer)).toBe(newer);
    expect(upcasters.upcast(other)).toBe(other);
  });

  it('knows each type’s current version', () => {
    const upcasters = registry();
    expect(upcasters.currentVersionOf('TicketOpened')).toBe(3);
    expect(upcasters.currentVersionOf('TicketClosed')).toBe(1);
    expect(upcasters.versionedTypes().map(({ eventType, currentVersion }) => ({ eventType, currentVersion }))).toEqual([
      { eventType: 'TicketOpened', currentVersion: 3 },
    ]);
  });

  it('refuses a chain with a gap, a duplicate step or a version below 1', () => {
    expect(() => new UpcasterRegistry([ticketV2ToV3 as Upcaster])).toThrow(/next one must start at version 1/);
    expect(() => new UpcasterRegistry([ticketV1ToV2 as Upcaster, ticketV1ToV2 as Upcaster])).toThrow(/start at version 2/);
    expect(() => new UpcasterRegistry([{ ...(ticketV1ToV2 as Upcaster), fromVersion: 0 }])).toThrow(RangeError);
  });
});

describe('withUpcasting', () => {
  let inner: EventStore;
  let store: EventStore;
  beforeEach(() => {
    inner = createSqliteEventStore({ path: ':memory:' });
    store = withUpcasting(inner, registry());
  });
  afterEach(() => store.close());

  const opened = (title: string, schemaVersion: number, data?: unknown): NewEvent => ({
    id: randomUUID(),
    type: 'TicketOpened',
    data: data ?? { title },
    metadata: { schemaVersion },
  });

  async function givenOldAndNewEvents(): Promise<void> {
    await inner.append('ticket-1', [opened('one', 1)], { expectedRevision: 'no-stream' });
    await inner.append('ticket-2', [opened('two', 2, { title: 'two', priority: 'high' })], { expectedRevision: 'no-stream' });
    await inner.append('ticket-3', [opened('', 3, { subject: 'three', priority: 'low' })], { expectedRevision: 'no-stream' });
  }
  const expectedShapes = [
    { subject: 'one', priority: 'normal' },
    { subject: 'two', priority: 'high' },
    { subject: 'three', priority: 'low' },
  ];

  it('readStream and readAll return the current shape; the log keeps what was written', async () => {
    await givenOldAndNewEvents();
    expect((await store.readStream('ticket-1'))[0]!.data).toEqual(expectedShapes[0]);
    expect((await store.readAll()).map((event) => event.data)).toEqual(expectedShapes);
    expect((await store.readAll()).map((event) => event.metadata.schemaVersion)).toEqual([3, 3, 3]);
    expect((await inner.readAll()).map((event) => event.data)).toEqual([
      { title: 'one' },
      { title: 'two', priority: 'high' },
      { subject: 'three', priority: 'low' },
    ]);
  });

  it('subscribeToAll delivers the current shape, catching up and live, and keeps fetchedCount', async () => {
    await givenOldAndNewEvents();
    const subscription = store.subscribeToAll({ batchSize: 2 });
    const seen: unknown[] = [];
    const live = opened('four', 1);
    for await (const event of subscription) {
      seen.push(event.data);
      if (seen.length === 3) await inner.append('ticket-4', [live], { expectedRevision: 'no-stream' });
      if (seen.length === 4) break;
    }
    expect(seen).toEqual([...expectedShapes, { subject: 'four', priority: 'normal' }]);
    expect(subscription.fetchedCount).toBeGreaterThanOrEqual(4);
  });

  it('is the store itself when there is nothing to upcast', () => {
    expect(withUpcasting(inner, [])).toBe(inner);
  });
});

// The decorator is still an EventStore in every respect the port promises.
describeEventStoreContract('SQLite :memory: behind withUpcasting', () => {
  const wrapped = withUpcasting(createSqliteEventStore({ path: ':memory:' }), registry());
  return { store: wrapped, cleanup: () => wrapped.close() };
});
