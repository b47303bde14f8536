import { randomUUID } from 'node:crypto';
import { createSqliteEventStore, type AllSubscription, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { EventSelection } from './event-selection';
import { LiveEventHub } from './live-event-hub';

/** Waits (on the event loop, not a timer guess) until `condition` holds. */
async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const event = (type = 'ThingHappened') => ({ id: randomUUID(), type, data: { n: Math.random() }, metadata: { schemaVersion: 1 } });

describe('LiveEventHub', () => {
  let store: EventStore;
  let hub: LiveEventHub;
  beforeEach(() => {
    store = createSqliteEventStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await hub?.stop();
    await store.close();
  });

  it('reads the store ONCE for all members and hands each the same events in log order', async () => {
    await store.append('thing-0', [event()], { expectedRevision: 'any' });
    const subscribe = jest.spyOn(store, 'subscribeToAll');
    hub = new LiveEventHub(store, { queueCapacity: 100 });
    await hub.start();
    expect(hub.position).toBe(1);
    const members = Array.from({ length: 20 }, () => hub.join(EventSelection.everything));
    for (let i = 1; i <= 10; i += 1) await store.append(`thing-${i}`, [event()], { expectedRevision: 'any' });
    await until(() => hub.position === 11, 'the hub to see 10 appends');

    expect(subscribe).toHaveBeenCalledTimes(1);
    for (const member of members) {
      expect(member.joinedAfter).toBe(1);
      expect(member.take().map((e) => e.position)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    }
    expect(hub.stats()).toMatchObject({ running: true, members: 20, eventsSeen: 10, overflows: 0 });
  });

  it('queues only what a member selected', async () => {
    hub = new LiveEventHub(store, { queueCapacity: 100 });
    await hub.start();
    const customers = hub.join(new EventSelection([], ['customer']));
    const removals = hub.join(new EventSelection(['CustomerRelationshipRemoved'], []));
    await store.append('customer-1', [event('CustomerRegistered'), event('CustomerRelationshipRemoved')], { expectedRevision: 'any' });
    await store.append('partner-1', [event('PartnerUserAdded'), event('CustomerRelationshipRemoved')], { expectedRevision: 'any' });
    await until(() => hub.position === 4, 'the appends');
    expect(customers.take().map((e) => [e.streamId, e.type])).toEqual([
      ['customer-1', 'CustomerRegistered'],
      ['customer-1', 'CustomerRelationshipRemoved'],
    ]);
    expect(removals.take().map((e) => e.position)).toEqual([2, 4]);
  });

  it('drops a member whose queue is full (it overflows, its queue is emptied) without slowing the others', async () => {
    hub = new LiveEventHub(store, { queueCapacity: 3 });
    await hub.start();
    const slow = hub.join(EventSelection.everything);
    const fast = hub.join(EventSelection.everything);
    const seenByFast: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      await store.append(`thing-${i}`, [event()], { expectedRevision: 'any' });
      await until(() => hub.position === i + 1, 'the append');
      seenByFast.push(...fast.take().map((e) => e.position));
    }
    expect(slow.overflowed).toBe(true);
    expect(slow.queued).toBe(0);
    await slow.wait(); // resolves at once: the owner must go back to the store
    expect(seenByFast).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(hub.stats()).toMatchObject({ members: 1, overflows: 1 });
  });

  it('a member joining later gets exactly the events after the hub position at its join', async () => {
    hub = new LiveEventHub(store, { queueCapacity: 100 });
    await hub.start();
    await store.append('thing-1', [event(), event()], { expectedRevision: 'any' });
    await until(() => hub.position === 2, 'the first append');
    const late = hub.join(EventSelection.everything);
    expect(late.joinedAfter).toBe(2);
    await store.append('thing-2', [event()], { expectedRevision: 'any' });
    await until(() => hub.position === 3, 'the second append');
    expect(late.take().map((e) => e.position)).toEqual([3]);
  });

  it('stop() ends every membership and wakes its waiter; later joins end at once', async () => {
    hub = new LiveEventHub(store, { queueCapacity: 10 });
    await hub.start();
    const member = hub.join(EventSelection.everything);
    const waiting = member.wait();
    await hub.stop();
    await waiting;
    expect(member.ended).toBe('hub-stopped');
    expect(hub.join(EventSelection.everything).ended).toBe('hub-stopped');
    expect(hub.stats().running).toBe(false);
  });

  it('starts without the store: not ready (no joins) while the head cannot be read, then ready once it can', async () => {
    await store.append('thing-1', [event(), event()], { expectedRevision: 'any' });
    let unreachable = 2;
    const flaky: EventStore = Object.create(store) as EventStore;
    flaky.headPosition = () => (unreachable-- > 0 ? Promise.reject(new Error('connection refused')) : store.headPosition());
    flaky.subscribeToAll = (options) => store.subscribeToAll(options);
    const errors: unknown[] = [];
    hub = new LiveEventHub(flaky, { queueCapacity: 10, retryDelayMs: 5, onError: (error) => errors.push(error) });
    await hub.start(); // resolves although the store did not answer
    expect(hub.ready).toBe(false);
    expect(hub.stats().running).toBe(false);
    expect(() => hub.join(EventSelection.everything)).toThrow(/not started/);

    await hub.whenReady();
    expect(errors).toHaveLength(2);
    expect(hub.ready).toBe(true);
    expect(hub.position).toBe(2);
    const member = hub.join(EventSelection.everything);
    await store.append('thing-2', [event()], { expectedRevision: 'any' });
    await until(() => member.queued === 1, 'the next event');
  });

  it('keeps trying when even subscribing throws (the store is closed or unreachable)', async () => {
    let refusals = 2;
    const flaky: EventStore = Object.create(store) as EventStore;
    flaky.headPosition = () => store.headPosition();
    flaky.subscribeToAll = (options) => {
      if (refusals-- > 0) throw new Error('store unavailable');
      return store.subscribeToAll(options);
    };
    hub = new LiveEventHub(flaky, { queueCapacity: 10, retryDelayMs: 5 });
    await hub.start();
    await until(() => hub.running, 'the third subscription attempt');
    expect(hub.stats().failures).toBe(2);
  });

  it('when the store subscription fails it ends the members (they resume) and resubscribes from the last position', async () => {
    // The first subscription fails after two events; the second works.
    let subscriptions = 0;
    const failing: EventStore = Object.create(store) as EventStore;
    failing.subscribeToAll = (options) => {
      subscriptions += 1;
      const inner = store.subscribeToAll(options);
      if (subscriptions > 1) return inner;
      let delivered = 0;
      const iterator = inner[Symbol.asyncIterator]();
      const broken: AllSubscription = {
        fetchedCount: 0,
        close: () => inner.close(),
        [Symbol.asyncIterator]: () => ({
          next: async (): Promise<IteratorResult<RecordedEvent>> => {
            if (delivered === 2) throw new Error('disk on fire');
            delivered += 1;
            return iterator.next();
          },
        }),
      };
      return broken;
    };
    const errors: unknown[] = [];
    hub = new LiveEventHub(failing, { queueCapacity: 10, retryDelayMs: 5, onError: (error) => errors.push(error) });
    await hub.start();
    const before = hub.join(EventSelection.everything);
    await store.append('thing-1', [event(), event(), event()], { expectedRevision: 'any' });
    await until(() => before.ended !== undefined, 'the failure');
    expect(before.ended).toBe('hub-failed');
    expect(errors).toHaveLength(1);

    await until(() => hub.running && hub.position === 3, 'the resubscription to catch up');
    const after = hub.join(EventSelection.everything);
    await store.append('thing-2', [event()], { expectedRevision: 'any' });
    await until(() => after.queued === 1, 'the next event');
    expect(after.take().map((e) => e.position)).toEqual([4]);
    expect(hub.stats()).toMatchObject({ failures: 1, running: true });
  });
});
