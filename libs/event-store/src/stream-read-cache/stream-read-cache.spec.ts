import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '../port';
import { createSqliteEventStore, SqliteEventStore } from '../sqlite/sqlite-event-store';
import { StreamReadCache, withStreamReadCache } from './stream-read-cache';

const event = (n: number): NewEvent => ({ id: randomUUID(), type: 'Counted', data: { n, nested: { list: [n] } }, metadata: { schemaVersion: 1 } });

async function appendTo(store: EventStore, streamId: string, count: number): Promise<void> {
  const existing = await store.readStream(streamId);
  const last = existing.length - 1;
  await store.append(
    streamId,
    Array.from({ length: count }, (_, i) => event(existing.length + i)),
    { expectedRevision: last === -1 ? 'no-stream' : last },
  );
}

describe('whole-stream reads through the stream read cache', () => {
  let store: EventStore;
  beforeEach(() => {
    store = createSqliteEventStore({ path: ':memory:', durable: false });
  });
  afterEach(() => store.close());

  it('always equal a whole read of the store, whoever appended in between', async () => {
    const cache = new StreamReadCache(store);
    const streams = ['customer-a', 'customer-b', 'partner-p'];
    for (let step = 0; step < 60; step += 1) {
      const streamId = streams[step % streams.length]!;
      // Appends go to the store directly (another writer), so the cache only sees them through its tail reads.
      if (step % 4 !== 3) await appendTo(store, streamId, 1 + (step % 3));
      expect(await cache.readStream(streamId)).toEqual(await store.readStream(streamId));
    }
  });

  it('read nothing from the stream while the log has not moved, and only the tail once it has', async () => {
    const reads: Array<{ streamId: string; fromRevision: number | undefined }> = [];
    const counting: EventStore = {
      ...store,
      append: (...args) => store.append(...args),
      headPosition: () => store.headPosition(),
      readStream: (streamId, options) => {
        reads.push({ streamId, fromRevision: options?.fromRevision });
        return store.readStream(streamId, options);
      },
    } as EventStore;
    const cache = new StreamReadCache(counting);
    await appendTo(store, 'partner-p', 3);
    await cache.readStream('partner-p');
    await cache.readStream('partner-p');
    await cache.readStream('partner-p');
    expect(reads).toEqual([{ streamId: 'partner-p', fromRevision: undefined }]);
    await appendTo(store, 'customer-c', 1);
    expect(await cache.readStream('partner-p')).toHaveLength(3);
    expect(reads).toEqual([
      { streamId: 'partner-p', fromRevision: undefined },
      { streamId: 'partner-p', fromRevision: 3 },
    ]);
  });

  it('pass reads from a revision, backwards or limited to the store unchanged', async () => {
    const cache = new StreamReadCache(store);
    await appendTo(store, 's-1', 5);
    await cache.readStream('s-1');
    expect(await cache.readStream('s-1', { fromRevision: 2 })).toEqual(await store.readStream('s-1', { fromRevision: 2 }));
    expect(await cache.readStream('s-1', { direction: 'backwards', maxCount: 2 })).toEqual(await store.readStream('s-1', { direction: 'backwards', maxCount: 2 }));
    expect(await cache.readStream('s-1', { maxCount: 1 })).toHaveLength(1);
  });

  it('answer a missing stream with no events, and notice when it is created', async () => {
    const cache = new StreamReadCache(store);
    expect(await cache.readStream('s-new')).toEqual([]);
    await appendTo(store, 's-new', 2);
    expect(await cache.readStream('s-new')).toHaveLength(2);
  });

  it('give every caller its own array of frozen events', async () => {
    const cache = new StreamReadCache(store);
    await appendTo(store, 's-1', 2);
    const first = await cache.readStream('s-1');
    first.pop();
    const second = await cache.readStream('s-1');
    expect(second).toHaveLength(2);
    expect(Object.isFrozen(second[0])).toBe(true);
    expect(Object.isFrozen((second[0]!.data as { nested: { list: number[] } }).nested.list)).toBe(true);
    expect(() => {
      (second[0]!.data as { n: number }).n = 99;
    }).toThrow(TypeError);
  });

  it('keep at most its budget of events, forgetting the least recently read streams, and never a longer stream', async () => {
    const cache = new StreamReadCache(store, 5);
    await appendTo(store, 's-1', 2);
    await appendTo(store, 's-2', 2);
    await appendTo(store, 's-3', 2);
    await appendTo(store, 's-long', 6);
    await cache.readStream('s-1');
    await cache.readStream('s-2');
    expect(cache.size).toBe(4);
    await cache.readStream('s-3');
    expect(cache.size).toBe(4);
    expect(await cache.readStream('s-long')).toHaveLength(6);
    expect(cache.size).toBe(4);
    expect(await cache.readStream('s-1')).toEqual(await store.readStream('s-1'));
  });
});

describe('a store with the stream read cache', () => {
  it('is still the store for everything else, its identity included', async () => {
    const inner = createSqliteEventStore({ path: ':memory:', durable: false });
    const store = withStreamReadCache(inner);
    expect(store).toBeInstanceOf(SqliteEventStore);
    await appendTo(store, 's-1', 3);
    expect(await store.headPosition()).toBe(3);
    expect(await store.readStream('s-1')).toEqual(await inner.readStream('s-1'));
    expect((await store.readAll({ after: 0 })).map((recorded) => recorded.revision)).toEqual([0, 1, 2]);
    await store.close();
    await expect(inner.readStream('s-1')).rejects.toThrow();
  });
});
