import { ConcurrencyError, type EventStore, type NewEvent, type RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { withSoleWriterCache } from './sole-writer-cache';

let counter = 0;
const newEvent = (type: string, data: Record<string, unknown> = {}): NewEvent => {
  counter += 1;
  return { id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`, type, data, metadata: { n: counter, nested: { list: [counter] } } };
};

/** What a reader may rely on: everything but the store's own `recordedAt` stamp. */
const withoutStamp = (events: readonly RecordedEvent[]) => events.map(({ recordedAt: _stamp, ...rest }) => rest);

describe('withSoleWriterCache', () => {
  let store: SqliteEventStore;
  let reads: string[];
  let cached: EventStore;

  const open = (maxEvents = 1000): EventStore => withSoleWriterCache(store, maxEvents);

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:', durable: false });
    reads = [];
    const readStream = store.readStream.bind(store);
    store.readStream = (streamId, options) => {
      reads.push(streamId);
      return readStream(streamId, options);
    };
    cached = open();
  });
  afterEach(() => store.close());

  it('answers whole reads of streams it wrote from memory, exactly as the store holds them', async () => {
    await cached.append('order-1', [newEvent('Placed', { total: 3 }), newEvent('Paid')], { expectedRevision: 'no-stream' });
    await store.append('other-1', [newEvent('Noise')], { expectedRevision: 'no-stream' });
    await cached.append('order-1', [newEvent('Shipped', { carrier: 'x' })], { expectedRevision: 1 });

    const fromMemory = await cached.readStream('order-1');
    expect(reads).toEqual([]);
    const fromStore = await store.readStream('order-1');
    expect(withoutStamp(fromMemory)).toEqual(withoutStamp(fromStore));
    expect(fromMemory.map((event) => event.position)).toEqual([1, 2, 4]);
    expect(fromMemory[0]!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('reads a stream it has forgotten from the store once, then from memory', async () => {
    cached = open(1);
    await cached.append('order-2', [newEvent('Placed')], { expectedRevision: 'no-stream' });
    await cached.append('other-2', [newEvent('Noise')], { expectedRevision: 'no-stream' });
    const first = await cached.readStream('order-2');
    const second = await cached.readStream('order-2');
    expect(reads).toEqual(['order-2']);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it('in a store that started empty, knows that a stream it never wrote does not exist', async () => {
    expect(await cached.readStream('order-3')).toEqual([]);
    expect(reads).toEqual([]);
  });

  it('gives each reader its own array of frozen events', async () => {
    await cached.append('order-4', [newEvent('Placed', { lines: [{ sku: 'a' }] })], { expectedRevision: 'no-stream' });
    const read = await cached.readStream('order-4');
    read.pop();
    expect(await cached.readStream('order-4')).toHaveLength(1);
    const [event] = await cached.readStream('order-4');
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen((event!.data as { lines: object[] }).lines[0])).toBe(true);
    expect(Object.isFrozen(event!.metadata)).toBe(true);
  });

  it('remembers what the store wrote, not the objects the writer keeps', async () => {
    const data = { total: 1 };
    await cached.append('order-5', [{ ...newEvent('Placed'), data }], { expectedRevision: 'no-stream' });
    data.total = 99;
    expect((await cached.readStream('order-5'))[0]!.data).toEqual({ total: 1 });
  });

  it('forgets a stream whose append failed, so the next read asks the store', async () => {
    await cached.append('order-6', [newEvent('Placed')], { expectedRevision: 'no-stream' });
    await store.append('order-6', [newEvent('ChangedElsewhere')], { expectedRevision: 0 });
    await expect(cached.append('order-6', [newEvent('Paid')], { expectedRevision: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await cached.readStream('order-6')).map((event) => event.type)).toEqual(['Placed', 'ChangedElsewhere']);
    expect(reads).toEqual(['order-6']);
  });

  it('forgets a stream when a replayed append returns an earlier result', async () => {
    const placed = newEvent('Placed');
    await cached.append('order-7', [placed], { expectedRevision: 'no-stream' });
    await cached.append('order-7', [newEvent('Paid')], { expectedRevision: 0 });
    await cached.append('order-7', [placed], { expectedRevision: 'any' });
    expect((await cached.readStream('order-7')).map((event) => event.type)).toEqual(['Placed', 'Paid']);
    expect(reads).toEqual(['order-7']);
  });

  it('forgets a stream when a replayed creating append of a forgotten stream returns its original result', async () => {
    cached = open(2);
    const placed = newEvent('Placed');
    await cached.append('order-13', [placed], { expectedRevision: 'no-stream' });
    await cached.append('order-13', [newEvent('Paid')], { expectedRevision: 0 });
    await cached.append('other-13', [newEvent('Noise'), newEvent('Noise')], { expectedRevision: 'no-stream' });
    expect(await cached.append('order-13', [placed], { expectedRevision: 'no-stream' })).toEqual({ nextExpectedRevision: 0, position: 1 });
    expect((await cached.readStream('order-13')).map((event) => event.type)).toEqual(['Placed', 'Paid']);
    expect(reads).toEqual(['order-13']);
  });

  it('keeps at most maxEvents events, forgetting the least recently read streams first', async () => {
    cached = open(3);
    await cached.append('a-1', [newEvent('A'), newEvent('A')], { expectedRevision: 'no-stream' });
    await cached.append('b-1', [newEvent('B')], { expectedRevision: 'no-stream' });
    await cached.readStream('a-1');
    await cached.append('c-1', [newEvent('C')], { expectedRevision: 'no-stream' });
    await cached.readStream('a-1');
    await cached.readStream('c-1');
    expect(reads).toEqual([]);
    expect((await cached.readStream('b-1')).map((event) => event.type)).toEqual(['B']);
    expect(reads).toEqual(['b-1']);
  });

  it('passes reads with a direction, a start or a limit to the store', async () => {
    await cached.append('order-10', [newEvent('Placed'), newEvent('Paid')], { expectedRevision: 'no-stream' });
    expect((await cached.readStream('order-10', { direction: 'backwards', maxCount: 1 })).map((event) => event.type)).toEqual(['Paid']);
    expect((await cached.readStream('order-10', { fromRevision: 1 })).map((event) => event.type)).toEqual(['Paid']);
    expect(reads).toEqual(['order-10', 'order-10']);
  });

  it('does not keep a store read that an append to the same stream overlapped', async () => {
    cached = open(1);
    await cached.append('order-11', [newEvent('Placed')], { expectedRevision: 'no-stream' });
    await cached.append('other-11', [newEvent('Noise')], { expectedRevision: 'no-stream' });
    // A read answered before the append lands but delivered after it (a slow store).
    const readNow = store.readStream.bind(store);
    store.readStream = async (streamId, options) => {
      const events = await readNow(streamId, options);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return events;
    };
    const [read] = await Promise.all([cached.readStream('order-11'), cached.append('order-11', [newEvent('Paid')], { expectedRevision: 0 })]);
    expect(read.map((event) => event.type)).toEqual(['Placed']);
    expect((await cached.readStream('order-11')).map((event) => event.type)).toEqual(['Placed', 'Paid']);
  });

  it('keeps the store itself for everything else', async () => {
    await cached.append('order-12', [newEvent('Placed')], { expectedRevision: 'no-stream' });
    expect(await cached.headPosition()).toBe(1);
    expect((await cached.readAll()).map((event) => event.streamId)).toEqual(['order-12']);
  });
});
