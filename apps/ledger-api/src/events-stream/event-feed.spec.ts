import { randomUUID } from 'node:crypto';
import { createSqliteEventStore, type EventStore, type Position } from '@ledger/event-store';
import { EventFeed, FeedEndedError } from './event-feed';
import { EventSelection } from './event-selection';
import { LiveEventHub } from './live-event-hub';

const event = (type = 'ThingHappened') => ({ id: randomUUID(), type, data: {}, metadata: { schemaVersion: 1 } });

async function appendMany(store: EventStore, count: number, stream = (i: number) => `thing-${i % 7}`, type = (_i: number) => 'ThingHappened'): Promise<void> {
  for (let i = 0; i < count; i += 1) await store.append(stream(i), [event(type(i))], { expectedRevision: 'any' });
}

/** Pulls from the feed until it has `count` events (or fails after the deadline). */
async function pull(feed: EventFeed, count: number, timeoutMs = 10_000): Promise<Position[]> {
  const positions: Position[] = [];
  const deadline = Date.now() + timeoutMs;
  while (positions.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const batch = await Promise.race([
      feed.next(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`only ${positions.length} of ${count} events`)), Math.max(1, deadline - Date.now()));
      }),
    ]).finally(() => clearTimeout(timer));
    if (!batch) break;
    positions.push(...batch.map((e) => e.position));
  }
  return positions;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('EventFeed', () => {
  let store: EventStore;
  let hub: LiveEventHub;
  beforeEach(async () => {
    store = createSqliteEventStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await hub.stop();
    await store.close();
  });

  async function startHub(queueCapacity = 1_000): Promise<void> {
    hub = new LiveEventHub(store, { queueCapacity });
    await hub.start();
  }

  it('replays the log in pages, then serves new events from the shared live feed', async () => {
    await appendMany(store, 25);
    await startHub();
    const feed = new EventFeed(store, hub, EventSelection.everything, 0, { batchSize: 10 });
    expect(await pull(feed, 25)).toEqual(range(1, 25));
    // The store said "nothing more" (a short page): the feed is in the hub now.
    expect(hub.stats().members).toBe(1);
    await appendMany(store, 5);
    expect(await pull(feed, 5)).toEqual(range(26, 30));
    expect(feed.mode).toBe('live');
    feed.close();
    expect(hub.stats().members).toBe(0);
  });

  it('hands over from catching up to live with no gap and no duplicate while appends keep coming', async () => {
    await startHub();
    // Appends race with every step of the catch-up and the join, many times over.
    for (let round = 0; round < 20; round += 1) {
      const after = await store.headPosition();
      await appendMany(store, 13);
      const feed = new EventFeed(store, hub, EventSelection.everything, after, { batchSize: 4 });
      const writer = appendMany(store, 40);
      const seen = await pull(feed, 53);
      await writer;
      expect(seen).toEqual(range(after + 1, after + 53));
      feed.close();
    }
  });

  it('starts strictly after the given position (exclusive), including a position beyond the head', async () => {
    await appendMany(store, 10);
    await startHub();
    expect(await pull(new EventFeed(store, hub, EventSelection.everything, 6, { batchSize: 3 }), 4)).toEqual([7, 8, 9, 10]);
    const ahead = new EventFeed(store, hub, EventSelection.everything, 12, { batchSize: 3 });
    const next = pull(ahead, 1);
    await appendMany(store, 3); // positions 11, 12, 13
    expect(await next).toEqual([13]);
    ahead.close();
  });

  it('delivers only the selected events, in both phases, and never moves backwards over a filtered page', async () => {
    const type = (i: number) => (i % 5 === 0 ? 'CustomerRegistered' : 'PartnerUserAdded');
    await appendMany(store, 50, (i) => (i % 2 === 0 ? `customer-${i}` : `partner-${i}`), type);
    await startHub();
    const feed = new EventFeed(store, hub, new EventSelection(['CustomerRegistered'], ['customer']), 0, { batchSize: 7 });
    const expected = range(1, 50).filter((position) => (position - 1) % 5 === 0 && (position - 1) % 2 === 0);
    expect(await pull(feed, expected.length)).toEqual(expected);
    await appendMany(store, 10, (i) => `customer-x${i}`, (i) => (i === 9 ? 'CustomerRegistered' : 'RelationshipRequested'));
    expect(await pull(feed, 1)).toEqual([60]);
    expect(feed.stats.pagesRead).toBeGreaterThanOrEqual(8);
  });

  it('a consumer that stops pulling overflows the live queue, then catches up from the store and rejoins, missing nothing', async () => {
    await startHub(5);
    const feed = new EventFeed(store, hub, EventSelection.everything, 0, { batchSize: 10 });
    const first = pull(feed, 1);
    await appendMany(store, 1);
    expect(await first).toEqual([1]);
    expect(feed.mode).toBe('live');

    await appendMany(store, 40); // nobody pulls: 5 fit in the queue, then it overflows
    await new Promise((resolve) => setImmediate(resolve));
    expect(feed.queued).toBeLessThanOrEqual(5);
    expect(hub.stats().overflows).toBe(1);

    expect(await pull(feed, 40)).toEqual(range(2, 41));
    expect(feed.stats.fallbacks).toBe(1);
    await appendMany(store, 2);
    expect(await pull(feed, 2)).toEqual([42, 43]);
    expect(feed.mode).toBe('live');
  });

  it('while catching up reads nothing more from the store than the consumer pulls', async () => {
    await appendMany(store, 100);
    await startHub();
    const readAll = jest.spyOn(store, 'readAll');
    const feed = new EventFeed(store, hub, EventSelection.everything, 0, { batchSize: 10 });
    await pull(feed, 20);
    expect(readAll).toHaveBeenCalledTimes(2);
    feed.close();
  });

  it('reaching the head before the hub has started, waits for it and then joins without a gap', async () => {
    await appendMany(store, 5);
    let release!: () => void;
    const headKnown = new Promise<void>((resolve) => (release = resolve));
    const slowHead: EventStore = Object.create(store) as EventStore;
    slowHead.headPosition = async () => {
      await headKnown;
      return store.headPosition();
    };
    slowHead.subscribeToAll = (options) => store.subscribeToAll(options);
    hub = new LiveEventHub(slowHead, { queueCapacity: 100 });
    const starting = hub.start();
    const feed = new EventFeed(store, hub, EventSelection.everything, 0, { batchSize: 10 });
    expect(await pull(feed, 5)).toEqual(range(1, 5));
    const next = pull(feed, 3);
    await appendMany(store, 2); // before the hub knows the head: the feed reads them from the store
    release();
    await starting;
    await appendMany(store, 1); // after: from the live feed
    expect(await next).toEqual([6, 7, 8]);
    feed.close();
  });

  it('a feed closed while the hub opens its subscription for it does not stay a member', async () => {
    await appendMany(store, 3);
    let headReads = 0;
    let release!: () => void;
    const opening = new Promise<void>((resolve) => (release = resolve));
    const slowOpen: EventStore = Object.create(store) as EventStore;
    slowOpen.headPosition = async () => {
      headReads += 1;
      if (headReads > 1) await opening; // the first read is start(); the second opens the live feed
      return store.headPosition();
    };
    slowOpen.subscribeToAll = (options) => store.subscribeToAll(options);
    hub = new LiveEventHub(slowOpen, { queueCapacity: 100 });
    await hub.start();
    const feed = new EventFeed(store, hub, EventSelection.everything, 0, { batchSize: 10 });
    const first = feed.next(); // a short page of 3: delivered after the join
    while (headReads < 2) await new Promise((resolve) => setImmediate(resolve));
    feed.close();
    release();
    await expect(first).resolves.toBeUndefined();
    expect(hub.stats().members).toBe(0);
  });

  it('close() resolves a waiting next() with undefined; a stopped hub ends the feed with FeedEndedError', async () => {
    await startHub();
    const feed = new EventFeed(store, hub, EventSelection.everything, 0, { batchSize: 10 });
    const waiting = feed.next();
    await new Promise((resolve) => setImmediate(resolve));
    feed.close();
    await expect(waiting).resolves.toBeUndefined();

    const other = new EventFeed(store, hub, EventSelection.everything, 0, { batchSize: 10 });
    const pending = other.next();
    await new Promise((resolve) => setImmediate(resolve));
    await hub.stop();
    await expect(pending).rejects.toBeInstanceOf(FeedEndedError);
  });
});
