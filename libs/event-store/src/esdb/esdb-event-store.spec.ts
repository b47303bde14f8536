/*
 * What the EventStoreDB adapter does without a server: validation before any I/O, an unreachable
 * server as StoreUnavailableError, subscriptions that keep retrying, closing, and how a page of
 * $all is scanned. The behaviour against a real server is the contract suite in
 * esdb-event-store.e2e-spec.ts (testcontainers).
 */
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { START } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { MAX_EVENT_BYTES } from '../append-validation';
import { InvalidEventError, StoreUnavailableError } from '../port';
import type { NewEvent } from '../port';
import { planAllFilter } from './esdb-filters';
import { createEsdbEventStore, scanPage } from './esdb-event-store';
import type { SubscriptionDrop } from './esdb-subscription';

/** Nothing listens on port 1: connections are refused at once. */
const UNREACHABLE = 'esdb://127.0.0.1:1?tls=false';

const event = (data: unknown = {}, type = 'Happened'): NewEvent => ({ id: randomUUID(), type, data, metadata: {} });

describe('EventStoreDB adapter without a server', () => {
  it('refuses malformed appends before touching the network, exactly as the SQLite store', async () => {
    const store = createEsdbEventStore({ connectionString: UNREACHABLE });
    await expect(store.append('$all', [event()], { expectedRevision: 'any' })).rejects.toMatchObject({ reason: 'stream-name' });
    await expect(store.append('order-1', [], { expectedRevision: 'any' })).rejects.toMatchObject({ reason: 'empty' });
    await expect(store.append('order-1', [{ ...event(), id: 'nope' }], { expectedRevision: 'any' })).rejects.toMatchObject({ reason: 'event-id' });
    await expect(store.append('order-1', [event('x'.repeat(MAX_EVENT_BYTES))], { expectedRevision: 'any' })).rejects.toMatchObject({
      reason: 'too-large',
    });
    await expect(store.append('order-1', [event()], { expectedRevision: -2 })).rejects.toBeInstanceOf(RangeError);
    await store.close();
  });

  it('refuses, whole, an append bigger than one EventStoreDB request instead of splitting it', async () => {
    const store = createEsdbEventStore({ connectionString: UNREACHABLE });
    const attempt = store.append('order-1', [event('x'.repeat(600_000)), event('y'.repeat(600_000))], { expectedRevision: 'any' });
    await expect(attempt).rejects.toBeInstanceOf(InvalidEventError);
    await expect(attempt).rejects.toMatchObject({ reason: 'too-large' });
    await store.close();
  });

  it('answers StoreUnavailableError naming EventStoreDB when the server cannot be reached', async () => {
    const store = createEsdbEventStore({ connectionString: UNREACHABLE });
    const operations = [
      store.headPosition(),
      store.readStream('order-1'),
      store.readAll({ maxCount: 10 }),
      store.append('order-1', [event()], { expectedRevision: 'no-stream' }),
    ];
    for (const operation of operations) {
      await expect(operation).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(operation).rejects.toThrow(/^EventStoreDB is unreachable \(.+\): .*UNAVAILABLE/);
    }
    await store.close();
  });

  it('reads names the port cannot write (system streams, claims) as empty without asking the server', async () => {
    const store = createEsdbEventStore({ connectionString: UNREACHABLE });
    expect(await store.readStream('$ce-order')).toEqual([]);
    expect(await store.readStream(`_ledger-event-id-${randomUUID()}`)).toEqual([]);
    expect(await store.readStream('order-1', { maxCount: 0 })).toEqual([]);
    expect(await store.readAll({ maxCount: 0 })).toEqual([]);
    await store.close();
  });

  it('keeps a subscription retrying with growing back-off while the server is down, until closed', async () => {
    const drops: SubscriptionDrop[] = [];
    const store = createEsdbEventStore({
      connectionString: UNREACHABLE,
      resubscribeBackoff: { initialMs: 5, maxMs: 20, jitter: 0 },
      onSubscriptionDrop: (drop) => drops.push(drop),
    });
    const subscription = store.subscribeToAll({ after: 4096 });
    const pending = subscription[Symbol.asyncIterator]().next();
    await waitFor(() => drops.length >= 3);
    expect(drops.slice(0, 3).map((drop) => drop.attempt)).toEqual([0, 1, 2]);
    expect(drops.slice(0, 3).map((drop) => drop.delayMs)).toEqual([5, 10, 20]);
    expect(drops.every((drop) => (drop.resumeAfter as { commit: bigint }).commit === 4096n)).toBe(true);
    expect(subscription.fetchedCount).toBe(0);
    await store.close();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('refuses everything once closed, and closes once', async () => {
    const store = createEsdbEventStore({ connectionString: UNREACHABLE });
    await store.close();
    await expect(store.append('order-1', [event()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readStream('order-1')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(() => store.subscribeToAll()).toThrow(StoreUnavailableError);
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('says which connection string is wrong', () => {
    expect(() => createEsdbEventStore({ connectionString: 'postgres://nope' })).toThrow(/Invalid EventStoreDB connection string/);
    expect(() => createEsdbEventStore({ connectionString: UNREACHABLE, subscriptionBatchSize: 0 })).toThrow(RangeError);
  });
});

describe('scanPage (one page of a forward read of $all)', () => {
  const at = (commit: number, streamId = 'order-1', type = 'Placed'): AllStreamResolvedEvent => ({
    event: {
      streamId,
      id: randomUUID(),
      isJson: true,
      revision: 0n,
      type,
      created: new Date(0),
      data: {},
      metadata: {},
      position: { commit: BigInt(commit), prepare: BigInt(commit) },
    },
  });
  const all = planAllFilter(undefined);

  it('drops the event at the start position (reads from a position include it) and moves the cursor', () => {
    const { delivered, cursor } = scanPage([at(100), at(200), at(300)], { from: { commit: 100n, prepare: 100n }, last: { commit: 100n, prepare: 100n } }, all, 10);
    expect(delivered.map((e) => e.position)).toEqual([200, 300]);
    expect(cursor).toEqual({ from: { commit: 300n, prepare: 300n }, last: { commit: 300n, prepare: 300n } });
  });

  it('delivers from the start of the log, and what the filter excludes still moves the cursor', () => {
    const { delivered, cursor } = scanPage([at(10, '$stats-1', 'Stats'), at(20), at(30, 'invoice-1')], { from: START, last: undefined }, planAllFilter({ streamPrefixes: ['order-'] }), 10);
    expect(delivered.map((e) => e.position)).toEqual([20]);
    expect(cursor.last).toEqual({ commit: 30n, prepare: 30n });
  });

  it('stops at the room left, the cursor on the last event taken', () => {
    const { delivered, cursor } = scanPage([at(1), at(2), at(3)], { from: START, last: undefined }, all, 2);
    expect(delivered.map((e) => e.position)).toEqual([1, 2]);
    expect(cursor.last).toEqual({ commit: 2n, prepare: 2n });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
