/**
 * The event-store contract: what every adapter (SQLite today, EventStoreDB later) must do, as one
 * jest suite. An adapter's spec calls `describeEventStoreContract(name, factory)`.
 *
 * The suite does not assume the store is empty or that positions are consecutive numbers (an
 * EventStoreDB server may be shared and its positions are commit positions): every test names its
 * own streams and event types with a random tag and reads after the head it saw at its start.
 * Adapter-specific behaviour (files, pragmas, reopening) belongs in the adapter's own spec.
 *
 * Imports jest from '@jest/globals' so it type-checks without the jest globals; it is not exported
 * from the package index, because production code must never load it.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { MAX_EVENT_BYTES, STREAM_NAME_PATTERN } from '../append-validation';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  InvalidEventError,
  StoreUnavailableError,
} from '../port';
import type {
  AllSubscription,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  RecordedEvent,
} from '../port';

export interface EventStoreFixture {
  readonly store: EventStore;
  /** Closes the store (it may already be closed) and removes whatever the factory created. */
  cleanup(): Promise<void>;
}

/** Returns a freshly opened store for one test. */
export type EventStoreFactory = () => EventStoreFixture | Promise<EventStoreFixture>;

export function describeEventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract — ${name}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    /** Random per test, so streams and types never collide with another test's. */
    let tag: string;
    /** The head when the test started: the test's own events all come after it. */
    let start: Position;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      tag = randomUUID().replace(/-/g, '').slice(0, 10);
      start = await store.headPosition();
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    const stream = (name: string): string => `t${tag}-${name}`;
    const eventType = (name: string): string => `T${tag}${name}`;
    const event = (name = 'Happened', data: unknown = { n: 1 }, metadata: Record<string, unknown> = {}): NewEvent => ({
      id: randomUUID(),
      type: eventType(name),
      data,
      metadata,
    });
    const events = (count: number, name = 'Happened'): NewEvent[] =>
      Array.from({ length: count }, (_, n) => event(name, { n }));
    const append = (streamId: string, batch: readonly NewEvent[], expectedRevision: ExpectedRevision = 'any'): Promise<AppendResult> =>
      store.append(streamId, batch, { expectedRevision });
    /** Our own events after the test's start, in log order. */
    const ours = async (): Promise<RecordedEvent[]> =>
      (await store.readAll({ after: start })).filter((recorded) => recorded.streamId.startsWith(`t${tag}-`));

    describe('append with an expected revision', () => {
      it("'no-stream' creates a stream and refuses an existing one", async () => {
        const first = await append(stream('a'), [event()], 'no-stream');
        expect(first.nextExpectedRevision).toBe(0);
        expect(first.position).toBeGreaterThan(start);

        const refused = append(stream('a'), [event()], 'no-stream');
        await expect(refused).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(refused).rejects.toMatchObject({ streamId: stream('a'), expected: 'no-stream', actual: 0 });
        expect(await store.readStream(stream('a'))).toHaveLength(1);
      });

      it("'stream-exists' appends to an existing stream and refuses a missing one", async () => {
        const missing = append(stream('b'), [event()], 'stream-exists');
        await expect(missing).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(missing).rejects.toMatchObject({ expected: 'stream-exists', actual: -1 });
        expect(await store.readStream(stream('b'))).toEqual([]);

        await append(stream('b'), [event()], 'no-stream');
        const second = await append(stream('b'), [event()], 'stream-exists');
        expect(second.nextExpectedRevision).toBe(1);
      });

      it('an exact revision appends when it is the last one and refuses a stale or future one', async () => {
        await append(stream('c'), events(3), 'no-stream');
        const ok = await append(stream('c'), [event()], 2);
        expect(ok.nextExpectedRevision).toBe(3);

        const stale = append(stream('c'), [event()], 2);
        await expect(stale).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(stale).rejects.toMatchObject({ streamId: stream('c'), expected: 2, actual: 3 });
        await expect(append(stream('c'), [event()], 7)).rejects.toMatchObject({ expected: 7, actual: 3 });
        await expect(append(stream('never'), [event()], 0)).rejects.toMatchObject({ expected: 0, actual: -1 });
        expect(await store.readStream(stream('c'))).toHaveLength(4);
        expect(await store.readStream(stream('never'))).toEqual([]);
      });

      it("'any' appends whether or not the stream exists", async () => {
        expect((await append(stream('d'), [event()], 'any')).nextExpectedRevision).toBe(0);
        expect((await append(stream('d'), events(2), 'any')).nextExpectedRevision).toBe(2);
      });

      it('appends several events atomically at consecutive revisions and growing positions', async () => {
        const batch = events(5);
        const result = await append(stream('e'), batch, 'no-stream');
        const stored = await store.readStream(stream('e'));
        expect(stored.map((e) => e.id)).toEqual(batch.map((e) => e.id));
        expect(stored.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expectStrictlyGrowing(stored.map((e) => e.position));
        expect(result).toEqual({ nextExpectedRevision: 4, position: stored[4]!.position });
      });

      it('a refused multi-event append writes none of its events', async () => {
        await append(stream('f'), [event()], 'no-stream');
        const head = await store.headPosition();
        await expect(append(stream('f'), events(3), 'no-stream')).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(stream('f'))).toHaveLength(1);
        expect(await store.headPosition()).toBe(head);
      });

      it('gives every event a global position that only grows, across streams', async () => {
        const results: AppendResult[] = [];
        for (let i = 0; i < 6; i += 1) results.push(await append(stream(`g${i % 3}`), events(1 + (i % 2))));
        expectStrictlyGrowing([start, ...results.map((r) => r.position)]);
        expect(await store.headPosition()).toBe(results[results.length - 1]!.position);
        expectStrictlyGrowing((await ours()).map((e) => e.position));
      });
    });

    describe('idempotent appends (event ids)', () => {
      it('appending the same events again is a no-op returning the original result, whatever the expected revision', async () => {
        const batch = events(2);
        const original = await append(stream('i'), batch, 'no-stream');
        await append(stream('i'), [event()], 1);
        const head = await store.headPosition();

        for (const expected of ['no-stream', 'any', 'stream-exists', 0, 1, 9] as const) {
          expect(await append(stream('i'), batch, expected)).toEqual(original);
        }
        expect(await store.readStream(stream('i'))).toHaveLength(3);
        expect(await store.headPosition()).toBe(head);
      });

      it('a retried prefix of an earlier append is a no-op returning the place of its last event', async () => {
        const batch = events(3);
        await append(stream('j'), batch, 'no-stream');
        const [first, second] = await store.readStream(stream('j'));
        expect(await append(stream('j'), batch.slice(0, 2), 'no-stream')).toEqual({
          nextExpectedRevision: 1,
          position: second!.position,
        });
        expect(await append(stream('j'), batch.slice(0, 1), 5)).toEqual({ nextExpectedRevision: 0, position: first!.position });
        expect(await store.readStream(stream('j'))).toHaveLength(3);
      });

      it('two identical appends racing each other store the events once and both get the same result', async () => {
        const batch = events(2);
        const [a, b] = await Promise.all([append(stream('k'), batch, 'no-stream'), append(stream('k'), batch, 'no-stream')]);
        expect(a).toEqual(b);
        expect(await store.readStream(stream('k'))).toHaveLength(2);
      });

      it('refuses an id already stored in another stream', async () => {
        const stored = event();
        await append(stream('l1'), [stored]);
        const head = await store.headPosition();
        const refused = append(stream('l2'), [stored]);
        await expect(refused).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(refused).rejects.toMatchObject({ eventId: stored.id, streamId: stream('l2') });
        expect(await store.readStream(stream('l2'))).toEqual([]);
        expect(await store.headPosition()).toBe(head);
      });

      it('refuses ids stored in another order, non-consecutively, or only partly, and writes nothing', async () => {
        const [a, b, c] = events(3);
        await append(stream('m'), [a!, b!, c!], 'no-stream');
        const head = await store.headPosition();
        await expect(append(stream('m'), [b!, a!])).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(append(stream('m'), [a!, c!])).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(append(stream('m'), [c!, event()])).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(append(stream('m'), [event(), a!])).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(stream('m'))).toHaveLength(3);
        expect(await store.headPosition()).toBe(head);
      });

      it('refuses the same id twice in one append', async () => {
        const twice = event();
        await expect(append(stream('n'), [twice, twice])).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(stream('n'))).toEqual([]);
      });
    });

    describe('reading a stream', () => {
      it('returns the events as recorded', async () => {
        const sent = event('Recorded', { amount: 12.5, tags: ['x', 'y'], nested: { ok: true, none: null } }, { correlationId: 'c-1' });
        const before = Date.now();
        const result = await append(stream('r'), [sent], 'no-stream');
        const [recorded] = await store.readStream(stream('r'));
        expect(recorded).toEqual({
          id: sent.id,
          streamId: stream('r'),
          revision: 0,
          position: result.position,
          type: sent.type,
          data: sent.data,
          metadata: sent.metadata,
          recordedAt: expect.any(String),
        });
        const recordedAt = Date.parse(recorded!.recordedAt);
        expect(recorded!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        expect(recordedAt).toBeGreaterThanOrEqual(before - 1000);
        expect(recordedAt).toBeLessThanOrEqual(Date.now() + 1000);
      });

      it('reads forwards and backwards, from a revision, with a limit', async () => {
        await append(stream('s'), events(10), 'no-stream');
        const revisions = async (options: Parameters<EventStore['readStream']>[1]): Promise<number[]> =>
          (await store.readStream(stream('s'), options)).map((e) => e.revision);

        expect(await revisions(undefined)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(await revisions({ fromRevision: 7 })).toEqual([7, 8, 9]);
        expect(await revisions({ maxCount: 3 })).toEqual([0, 1, 2]);
        expect(await revisions({ fromRevision: 4, maxCount: 2 })).toEqual([4, 5]);
        expect(await revisions({ direction: 'backwards' })).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([9, 8]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3 })).toEqual([3, 2, 1, 0]);
        expect(await revisions({ direction: 'backwards', fromRevision: 5, maxCount: 2 })).toEqual([5, 4]);
        expect(await revisions({ fromRevision: 10 })).toEqual([]);
      });

      it('reads a missing stream as empty, both ways', async () => {
        expect(await store.readStream(stream('missing'))).toEqual([]);
        expect(await store.readStream(stream('missing'), { direction: 'backwards' })).toEqual([]);
      });
    });

    describe('reading all', () => {
      it('reads forwards after a position, with a limit, in position order', async () => {
        await append(stream('x'), events(3), 'no-stream');
        await append(stream('y'), events(2), 'no-stream');
        await append(stream('x'), events(1), 2);
        const all = await ours();
        expect(all.map((e) => `${e.streamId.slice(-1)}${e.revision}`)).toEqual(['x0', 'x1', 'x2', 'y0', 'y1', 'x3']);
        expectStrictlyGrowing(all.map((e) => e.position));

        const limited = await store.readAll({ after: start, maxCount: 2 });
        expect(limited.map((e) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
        const afterMiddle = (await store.readAll({ after: all[2]!.position })).filter((e) => e.streamId.startsWith(`t${tag}-`));
        expect(afterMiddle.map((e) => e.id)).toEqual(all.slice(3).map((e) => e.id));
        expect(await store.readAll({ after: all[5]!.position, filter: { streamPrefixes: [`t${tag}-`] } })).toEqual([]);
      });

      it('filters by event type, by stream prefix, and by both', async () => {
        await append(stream('order-1'), [event('Placed'), event('Paid')]);
        await append(stream('invoice-1'), [event('Placed')]);
        await append(stream('order-2'), [event('Placed'), event('Shipped')]);
        const describeAll = (recorded: RecordedEvent[]): string[] =>
          recorded.map((e) => `${e.streamId.slice(tag.length + 2)}:${e.type.slice(tag.length + 1)}`);

        expect(describeAll(await store.readAll({ after: start, filter: { eventTypes: [eventType('Placed')] } }))).toEqual([
          'order-1:Placed',
          'invoice-1:Placed',
          'order-2:Placed',
        ]);
        expect(
          describeAll(await store.readAll({ after: start, filter: { eventTypes: [eventType('Paid'), eventType('Shipped')] } })),
        ).toEqual(['order-1:Paid', 'order-2:Shipped']);
        expect(describeAll(await store.readAll({ after: start, filter: { streamPrefixes: [stream('order-')] } }))).toEqual([
          'order-1:Placed',
          'order-1:Paid',
          'order-2:Placed',
          'order-2:Shipped',
        ]);
        expect(
          describeAll(await store.readAll({ after: start, filter: { streamPrefixes: [stream('invoice-'), stream('order-2')] } })),
        ).toEqual(['invoice-1:Placed', 'order-2:Placed', 'order-2:Shipped']);
        expect(
          describeAll(
            await store.readAll({ after: start, filter: { eventTypes: [eventType('Placed')], streamPrefixes: [stream('order-')] } }),
          ),
        ).toEqual(['order-1:Placed', 'order-2:Placed']);
        expect(
          describeAll(await store.readAll({ after: start, maxCount: 1, filter: { eventTypes: [eventType('Shipped')] } })),
        ).toEqual(['order-2:Shipped']);
        // A prefix is matched literally and case-sensitively.
        expect(await store.readAll({ after: start, filter: { streamPrefixes: [stream('ORDER-')] } })).toEqual([]);
        expect(await store.readAll({ after: start, filter: { streamPrefixes: [`t${tag}_`] } })).toEqual([]);
        // Empty lists mean no filter on that.
        const unfiltered = await store.readAll({ after: start, filter: { eventTypes: [], streamPrefixes: [] } });
        expect(unfiltered.filter((e) => e.streamId.startsWith(`t${tag}-`))).toHaveLength(5);
      });
    });

    describe('subscribing to all', () => {
      it('catches up, then delivers live appends in order with no gap and no duplicate while writers race', async () => {
        for (let i = 0; i < 5; i += 1) await append(stream(`pre-${i}`), events(5));
        const subscription = store.subscribeToAll({ after: start, batchSize: 7, filter: { streamPrefixes: [`t${tag}-`] } });
        const total = 25 + 4 * 20 * 2;
        const received = collect(subscription, total);

        await Promise.all(
          [0, 1, 2, 3].map(async (writer) => {
            for (let i = 0; i < 20; i += 1) await append(stream(`live-${writer}`), events(2), i === 0 ? 'no-stream' : 2 * i - 1);
          }),
        );
        const delivered = await received;
        await subscription.close();

        expect(delivered.map((e) => e.id)).toEqual((await ours()).map((e) => e.id));
        expect(new Set(delivered.map((e) => e.id)).size).toBe(total);
        expectStrictlyGrowing(delivered.map((e) => e.position));
      });

      it('starts strictly after the given position and filters by type and prefix', async () => {
        await append(stream('order-1'), [event('Placed'), event('Paid')]);
        const [, paid] = await store.readStream(stream('order-1'));
        await append(stream('order-2'), [event('Placed')]);
        await append(stream('cart-1'), [event('Placed')]);

        const afterMiddle = store.subscribeToAll({ after: paid!.position, filter: { streamPrefixes: [`t${tag}-`] } });
        const placedOrders = store.subscribeToAll({
          after: start,
          batchSize: 1,
          filter: { eventTypes: [eventType('Placed')], streamPrefixes: [stream('order-')] },
        });
        const first = await collect(afterMiddle, 2);
        expect(first.map((e) => e.streamId)).toEqual([stream('order-2'), stream('cart-1')]);
        expect((await collect(placedOrders, 2)).map((e) => e.streamId)).toEqual([stream('order-1'), stream('order-2')]);

        // Live: only matching events arrive, and the subscriptions go on from where they were.
        const nextPlacedOrder = placedOrders[Symbol.asyncIterator]().next();
        await append(stream('cart-2'), [event('Placed')]);
        await append(stream('order-3'), [event('Paid'), event('Placed')]);
        const live = await nextPlacedOrder;
        expect(live.done).toBe(false);
        expect(live.value).toMatchObject({ streamId: stream('order-3'), revision: 1 });
        expect((await collect(afterMiddle, 3)).map((e) => e.streamId)).toEqual([stream('cart-2'), stream('order-3'), stream('order-3')]);
        await afterMiddle.close();
        await placedOrders.close();
      });

      it('back-pressure while catching up: it fetches one batch at a time, as the consumer pulls', async () => {
        await appendMany(stream('bp'), 10_000);
        const batchSize = 100;
        const subscription = store.subscribeToAll({ after: start, batchSize, filter: { streamPrefixes: [`t${tag}-`] } });
        expect(subscription.fetchedCount).toBe(0);

        const firstFive = await collect(subscription, 5);
        expect(firstFive.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(subscription.fetchedCount).toBeLessThanOrEqual(batchSize);

        const next = await collect(subscription, 245);
        expect(next[244]!.revision).toBe(249);
        expect(subscription.fetchedCount).toBeGreaterThanOrEqual(250);
        expect(subscription.fetchedCount).toBeLessThanOrEqual(250 + batchSize);
        await subscription.close();
      });

      it('back-pressure when live: a subscriber that stops pulling does not make the store read what is appended', async () => {
        const batchSize = 100;
        const filter = { streamPrefixes: [`t${tag}-`] };
        const idle = store.subscribeToAll({ after: start, batchSize, filter });
        const pacer = store.subscribeToAll({ after: start, batchSize, filter });
        // The idle subscriber is caught up and waiting for one event when the appends begin.
        const idleFirst = idle[Symbol.asyncIterator]().next();
        const pacerAll = collect(pacer, 10_000);

        await appendMany(stream('bp'), 10_000);
        // When the pacer has seen every event, the idle subscriber has had every chance to read them.
        expect(await pacerAll).toHaveLength(10_000);
        expect((await idleFirst).value).toMatchObject({ revision: 0 });
        expect(idle.fetchedCount).toBeLessThanOrEqual(batchSize);

        // When it pulls again it gets everything, in order, still one batch ahead at most.
        let delivered = 1;
        let expectedRevision = 1;
        for await (const recorded of idle) {
          delivered += 1;
          expect(recorded.revision).toBe(expectedRevision);
          expectedRevision += 1;
          expect(idle.fetchedCount - delivered).toBeLessThanOrEqual(batchSize);
          if (delivered === 10_000) break;
        }
        expect(delivered).toBe(10_000);
        await pacer.close();
      });

      it('close() ends the iteration, including a pending pull', async () => {
        const subscription = store.subscribeToAll({ after: await store.headPosition() });
        const pending = subscription[Symbol.asyncIterator]().next();
        await subscription.close();
        expect(await pending).toEqual({ done: true, value: undefined });
        expect(await subscription[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
      });

      it('breaking out of for-await closes the subscription', async () => {
        await append(stream('brk'), events(3));
        const subscription = store.subscribeToAll({ after: start, filter: { streamPrefixes: [`t${tag}-`] } });
        for await (const recorded of subscription) {
          expect(recorded.revision).toBe(0);
          break;
        }
        expect(await subscription[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
      });
    });

    describe('validation: a malformed append gets a clear error and writes nothing', () => {
      const expectInvalid = async (streamId: string, batch: readonly NewEvent[], reason: InvalidEventError['reason']): Promise<void> => {
        const head = await store.headPosition();
        const attempt = append(streamId, batch);
        await expect(attempt).rejects.toBeInstanceOf(InvalidEventError);
        await expect(attempt).rejects.toMatchObject({ reason });
        expect(await store.headPosition()).toBe(head);
        if (STREAM_NAME_PATTERN.test(streamId)) expect(await store.readStream(streamId)).toEqual([]);
      };

      it('refuses an event whose data or metadata is over 1 MiB as JSON, and accepts one just under', async () => {
        const justUnder = MAX_EVENT_BYTES - 1024;
        await expectInvalid(stream('big'), [event('Big', 'x'.repeat(MAX_EVENT_BYTES))], 'too-large');
        await expectInvalid(stream('big'), [event('Big', {}, { blob: 'x'.repeat(MAX_EVENT_BYTES) })], 'too-large');
        // Counted in UTF-8 bytes: 400k three-byte characters are 1.2 MB.
        await expectInvalid(stream('big'), [event('Big', '€'.repeat(400_000))], 'too-large');
        await expectInvalid(stream('big'), [event(), event('Big', 'x'.repeat(MAX_EVENT_BYTES))], 'too-large');

        await append(stream('big'), [event('Big', 'x'.repeat(justUnder))]);
        const [stored] = await store.readStream(stream('big'));
        expect((stored!.data as string).length).toBe(justUnder);
      });

      it('refuses bad stream names', async () => {
        for (const bad of ['', '$all', '$ce-order', '1order', '-order', 'has space', 'a/b', 'émile', `a${'b'.repeat(200)}`]) {
          await expectInvalid(bad, [event()], 'stream-name');
        }
        const longest = stream('b'.repeat(200 - stream('').length));
        expect(longest).toHaveLength(200);
        for (const good of [longest, stream('partnership-1.2:3_4'), stream('A')]) {
          await expect(append(good, [event()], 'no-stream')).resolves.toMatchObject({ nextExpectedRevision: 0 });
        }
        await expectInvalid(`${longest}b`, [event()], 'stream-name');
      });

      it('refuses ids that are not UUIDs and event types that are not names', async () => {
        await expectInvalid(stream('id'), [{ ...event(), id: 'not-a-uuid' }], 'event-id');
        await expectInvalid(stream('id'), [{ ...event(), id: '' }], 'event-id');
        await expectInvalid(stream('id'), [{ ...event(), id: 42 as unknown as string }], 'event-id');
        await expectInvalid(stream('id'), [event(), { ...event(), id: `${randomUUID()}x` }], 'event-id');
        await expectInvalid(stream('id'), [{ ...event(), type: '' }], 'event-type');
        await expectInvalid(stream('id'), [{ ...event(), type: 'has space' }], 'event-type');
      });

      it('refuses data and metadata that JSON cannot carry faithfully', async () => {
        const cycle: Record<string, unknown> = { a: 1 };
        cycle['self'] = cycle;
        const notJson: unknown[] = [
          undefined,
          () => 1,
          { f: () => 1 },
          10n,
          { big: 10n },
          Symbol('s'),
          Number.NaN,
          { n: Number.POSITIVE_INFINITY },
          [1, Number.NEGATIVE_INFINITY],
          cycle,
          [1, undefined, 3],
          // eslint-disable-next-line no-sparse-arrays
          [1, , 3],
          new Date(0),
          { when: new Date(0) },
          new Map([['a', 1]]),
          { set: new Set([1]) },
        ];
        // Spread, not event('Odd', data): a default parameter would replace the undefined.
        for (const data of notJson) await expectInvalid(stream('json'), [{ ...event('Odd'), data }], 'not-json');
        await expectInvalid(stream('json'), [event('Odd', {}, { f: () => 1 })], 'not-json');
        await expectInvalid(stream('json'), [{ ...event(), metadata: [] as unknown as Record<string, unknown> }], 'not-json');
        await expectInvalid(stream('json'), [{ ...event(), metadata: null as unknown as Record<string, unknown> }], 'not-json');
        await expectInvalid(stream('json'), [event(), event('Odd', { n: Number.NaN })], 'not-json');
      });

      it('treats an object property set to undefined as absent', async () => {
        await append(stream('opt'), [event('Optional', { kept: 1, absent: undefined })]);
        const [stored] = await store.readStream(stream('opt'));
        expect(stored!.data).toStrictEqual({ kept: 1 });
      });

      it("refuses an empty append ('empty')", async () => {
        await expectInvalid(stream('none'), [], 'empty');
      });
    });

    describe('many parallel appends', () => {
      it('50 appends racing for the same expected revision: exactly one wins each revision', async () => {
        const streamId = stream('race');
        for (let revision = -1; revision < 4; revision += 1) {
          const expected: ExpectedRevision = revision === -1 ? 'no-stream' : revision;
          const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => append(streamId, [event()], expected)));
          const won = outcomes.filter((o) => o.status === 'fulfilled');
          const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(49);
          for (const loss of lost) {
            expect(loss.reason).toBeInstanceOf(ConcurrencyError);
            expect(loss.reason).toMatchObject({ actual: revision + 1 });
          }
        }
        expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      });

      it('50 writers retrying on conflict each get their one event in, at distinct revisions', async () => {
        const streamId = stream('retry');
        let conflicts = 0;
        const writers = Array.from({ length: 50 }, async (_, writer) => {
          const mine = event('Written', { writer });
          for (;;) {
            const last = (await store.readStream(streamId, { direction: 'backwards', maxCount: 1 }))[0];
            try {
              return await append(streamId, [mine], last ? last.revision : 'no-stream');
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
              conflicts += 1;
            }
          }
        });
        const results = await Promise.all(writers);
        expect(new Set(results.map((r) => r.nextExpectedRevision)).size).toBe(50);
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 50 }, (_, i) => i));
        expect(new Set(stored.map((e) => (e.data as { writer: number }).writer)).size).toBe(50);
        expect(conflicts).toBeGreaterThan(0);
      });

      it('parallel appends to different streams all succeed with distinct growing positions', async () => {
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => append(stream(`par-${i}`), events(2), 'no-stream')));
        expect(new Set(results.map((r) => r.position)).size).toBe(50);
        const all = await ours();
        expect(all).toHaveLength(100);
        expectStrictlyGrowing(all.map((e) => e.position));
      });
    });

    describe('closing', () => {
      it('refuses every operation after close with StoreUnavailableError, and ends live subscriptions', async () => {
        await append(stream('c'), [event()]);
        const subscription = store.subscribeToAll({ after: await store.headPosition() });
        const pending = subscription[Symbol.asyncIterator]().next();
        await store.close();

        expect(await pending).toEqual({ done: true, value: undefined });
        await expect(append(stream('c'), [event()])).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.readStream(stream('c'))).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(() => store.subscribeToAll()).toThrow(StoreUnavailableError);
        await expect(store.close()).resolves.toBeUndefined();
      });

      it('completes appends that were already accepted before close', async () => {
        const accepted = append(stream('late'), [event()], 'no-stream');
        await store.close();
        await expect(accepted).resolves.toMatchObject({ nextExpectedRevision: 0 });
      });
    });

    /** Appends `count` events to one stream in appends of 100. */
    async function appendMany(streamId: string, count: number): Promise<void> {
      for (let done = 0; done < count; done += 100) await append(streamId, events(Math.min(100, count - done)));
    }
  });
}

/** Pulls `count` events from a subscription (without closing it). */
async function collect(subscription: AllSubscription, count: number): Promise<RecordedEvent[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const received: RecordedEvent[] = [];
  while (received.length < count) {
    const next = await iterator.next();
    if (next.done) throw new Error(`The subscription ended after ${received.length} of ${count} events.`);
    received.push(next.value);
  }
  return received;
}

function expectStrictlyGrowing(positions: readonly number[]): void {
  positions.slice(1).forEach((position, i) => expect(position).toBeGreaterThan(positions[i]!));
}
