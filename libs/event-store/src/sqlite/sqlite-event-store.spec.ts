import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { ConcurrencyError, START, StoreUnavailableError } from '../port';
import type { EventStore, NewEvent, RecordedEvent } from '../port';
import { SqliteEventStore, createSqliteEventStore } from './sqlite-event-store';
import { SCHEMA_VERSION, openEventDatabase } from './schema';

const tempDirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-events-'));
  tempDirs.push(dir);
  return join(dir, 'events.db');
}
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function withCleanup(store: EventStore): { store: EventStore; cleanup: () => Promise<void> } {
  return { store, cleanup: () => store.close() };
}

describeEventStoreContract('SQLite :memory:', () => withCleanup(createSqliteEventStore({ path: ':memory:' })));
describeEventStoreContract('SQLite durable file', () => withCleanup(createSqliteEventStore({ path: tempFile(), durable: true })));
describeEventStoreContract('SQLite file without group commit', () =>
  withCleanup(createSqliteEventStore({ path: tempFile(), durable: false, groupCommit: false })),
);

const newEvent = (type = 'Happened', data: unknown = {}): NewEvent => ({ id: randomUUID(), type, data, metadata: {} });

describe('SQLite event store', () => {
  it('starts empty: head is START and the log reads empty', async () => {
    const store = createSqliteEventStore({ path: ':memory:' });
    expect(await store.headPosition()).toBe(START);
    expect(await store.readAll()).toEqual([]);
    await store.close();
  });

  it('keeps its events across close and reopen of the file, and positions keep growing', async () => {
    const path = tempFile();
    const first = createSqliteEventStore({ path });
    const written = await first.append('order-1', [newEvent('Placed', { total: 3 }), newEvent('Paid')], { expectedRevision: 'no-stream' });
    const before = await first.readAll();
    await first.close();

    const reopened = createSqliteEventStore({ path });
    expect(await reopened.readAll()).toEqual(before);
    expect(await reopened.headPosition()).toBe(written.position);
    const next = await reopened.append('order-1', [newEvent('Shipped')], { expectedRevision: 1 });
    expect(next).toEqual({ nextExpectedRevision: 2, position: written.position + 1 });
    await reopened.close();
  });

  it('opens durable files in WAL with synchronous=FULL, and non-durable ones with NORMAL', () => {
    const durable = openEventDatabase({ path: tempFile(), durable: true, busyTimeoutMs: 100 });
    expect(durable.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(durable.pragma('synchronous', { simple: true })).toBe(2);
    expect(durable.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    durable.close();
    const fast = openEventDatabase({ path: tempFile(), durable: false, busyTimeoutMs: 100 });
    expect(fast.pragma('synchronous', { simple: true })).toBe(1);
    fast.close();
  });

  it('refuses a file written by a newer schema', () => {
    const path = tempFile();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => createSqliteEventStore({ path })).toThrow(StoreUnavailableError);
    expect(() => createSqliteEventStore({ path })).toThrow(/schema version 2/);
  });

  it('reports a file it cannot open as StoreUnavailableError', () => {
    const folder = tempFile().replace(/events\.db$/, '');
    expect(() => createSqliteEventStore({ path: folder })).toThrow(StoreUnavailableError);
  });

  describe('group commit', () => {
    it('commits the appends of one event-loop turn together, each with its own outcome', async () => {
      const store = new SqliteEventStore({ path: tempFile() });
      await store.append('cart-1', [newEvent()], { expectedRevision: 'no-stream' });
      expect(store.commitStats).toEqual({ transactions: 1, appends: 1 });

      const outcomes = await Promise.allSettled([
        store.append('cart-1', [newEvent('A')], { expectedRevision: 0 }),
        store.append('cart-1', [newEvent('Lost')], { expectedRevision: 0 }), // conflicts with the one above
        store.append('cart-2', [newEvent('B'), newEvent('C')], { expectedRevision: 'no-stream' }),
        store.append('cart-3', [newEvent('D')], { expectedRevision: 'stream-exists' }), // conflict
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect((await store.readStream('cart-1')).map((e) => e.type)).toEqual(['Happened', 'A']);
      expect((await store.readStream('cart-2')).map((e) => e.type)).toEqual(['B', 'C']);
      expect(await store.readStream('cart-3')).toEqual([]);
      // One more transaction for the whole group, carrying the two appends that succeeded.
      expect(store.commitStats).toEqual({ transactions: 2, appends: 3 });
      await store.close();
    });

    it('groups concurrent writers into shared commits, and still commits a lone writer append by append', async () => {
      const store = new SqliteEventStore({ path: tempFile(), durable: false });
      await Promise.all(
        Array.from({ length: 64 }, async (_, appender) => {
          for (let n = 0; n < 10; n += 1) {
            await store.append(`appender-${appender}`, [newEvent()], { expectedRevision: n === 0 ? 'no-stream' : n - 1 });
          }
        }),
      );
      const concurrent = store.commitStats;
      expect(concurrent.appends).toBe(640);
      expect(concurrent.transactions).toBe(10);

      for (let n = 0; n < 10; n += 1) await store.append('lone-1', [newEvent()], { expectedRevision: 'any' });
      expect(store.commitStats.transactions - concurrent.transactions).toBe(10);
      expect((await store.readStream('lone-1')).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await store.close();
    });

    it('a subscriber never sees a position smaller than one it already saw while groups commit', async () => {
      const store = createSqliteEventStore({ path: tempFile(), durable: false });
      const subscription = store.subscribeToAll({ batchSize: 3 });
      const seen: RecordedEvent[] = [];
      const reading = (async () => {
        for await (const recorded of subscription) {
          seen.push(recorded);
          if (seen.length === 400) break;
        }
      })();
      for (let round = 0; round < 20; round += 1) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(`s-${i}`, [newEvent(), newEvent()], { expectedRevision: 'any' })));
      }
      await reading;
      seen.slice(1).forEach((recorded, i) => expect(recorded.position).toBe(seen[i]!.position + 1));
      await store.close();
    });
  });

  it('a subscription sees events appended by another process on the same file (polling)', async () => {
    const path = tempFile();
    const reader = createSqliteEventStore({ path, pollIntervalMs: 10 });
    const writer = createSqliteEventStore({ path });
    const subscription = reader.subscribeToAll();
    const first = subscription[Symbol.asyncIterator]().next();

    const written = await writer.append('invoice-1', [newEvent('Issued')], { expectedRevision: 'no-stream' });
    expect((await first).value).toMatchObject({ streamId: 'invoice-1', position: written.position });
    // Both connections append; SQLite serializes them, so positions still only grow.
    const fromReader = await reader.append('invoice-1', [newEvent('Paid')], { expectedRevision: 0 });
    expect(fromReader.position).toBeGreaterThan(written.position);
    await subscription.close();
    await writer.close();
    await reader.close();
  });

  it('a filtered subscription finds a match beyond a long stretch of non-matching events (read in windows)', async () => {
    const store = createSqliteEventStore({ path: ':memory:' });
    for (let i = 0; i < 250; i += 1) {
      await store.append('noise-1', Array.from({ length: 100 }, () => newEvent('Noise')), { expectedRevision: 'any' });
    }
    const match = await store.append('signal-1', [newEvent('Signal')], { expectedRevision: 'no-stream' });
    const subscription = store.subscribeToAll({ filter: { eventTypes: ['Signal'] } });
    const first = await subscription[Symbol.asyncIterator]().next();
    expect(first.value).toMatchObject({ streamId: 'signal-1', position: match.position });
    expect(subscription.fetchedCount).toBe(1);
    await store.close();
  });

  it('stores event ids in lower case, so the same UUID in upper case is the same event', async () => {
    const store = createSqliteEventStore({ path: ':memory:' });
    const id = randomUUID();
    const original = await store.append('doc-1', [{ ...newEvent(), id: id.toUpperCase() }], { expectedRevision: 'no-stream' });
    expect(await store.append('doc-1', [{ ...newEvent(), id }], { expectedRevision: 'no-stream' })).toEqual(original);
    expect((await store.readStream('doc-1'))[0]!.id).toBe(id);
    await store.close();
  });

  it('signals each commit once to onAppendsCommitted; notifyAppendedElsewhere wakes another connection’s subscription at once', async () => {
    const path = tempFile();
    const store = createSqliteEventStore({ path, durable: false }) as SqliteEventStore;
    let signals = 0;
    const stop = store.onAppendsCommitted(() => (signals += 1));
    await Promise.all(Array.from({ length: 5 }, (_, i) => store.append(`stream-${i}`, [newEvent()], { expectedRevision: 'no-stream' })));
    await store.append('stream-0', [newEvent()], { expectedRevision: 0 });
    expect(store.commitStats).toEqual({ transactions: 2, appends: 6 });
    expect(signals).toBe(2);
    await expect(store.append('stream-0', [newEvent()], { expectedRevision: 7 })).rejects.toThrow(ConcurrencyError);
    expect(signals).toBe(2);
    stop();
    await store.append('stream-1', [newEvent()], { expectedRevision: 0 });
    expect(signals).toBe(2);

    // A connection that never polls hears of another's commits only through notifyAppendedElsewhere.
    const reader = createSqliteEventStore({ path, durable: false, pollIntervalMs: 3_600_000 }) as SqliteEventStore;
    const subscription = reader.subscribeToAll({ after: await reader.headPosition() });
    const next = subscription[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const appended = await store.append('stream-9', [newEvent('Late')], { expectedRevision: 'no-stream' });
    reader.notifyAppendedElsewhere();
    expect((await next).value).toMatchObject({ type: 'Late', position: appended.position });
    await subscription.close();
    await reader.close();
    await store.close();
  });
});
