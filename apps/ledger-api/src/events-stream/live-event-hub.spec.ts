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
    const members = await Promise.all(Array.from({ length: 20 }, () => hub.join(EventSelection.everything)));
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
    const customers = await hub.join(new EventSelection([], ['customer']));
    const removals = await hub.join(new EventSelection(['CustomerRelationshipRemoved'], []));
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
    const slow = await hub.join(EventSelection.everything);
    const fast = await hub.join(EventSelection.everything);
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
    const early = await hub.join(EventSelection.everything); // keeps the subscription open
    await store.append('thing-1', [event(), event()], { expectedRevision: 'any' });
    await until(() => hub.position === 2, 'the first append');
    expect(early.joinedAfter).toBe(0);
    const late = await hub.join(EventSelection.everything);
    expect(late.joinedAfter).toBe(2);
    await store.append('thing-2', [event()], { expectedRevision: 'any' });
    await until(() => hub.position === 3, 'the second append');
    expect(late.take().map((e) => e.position)).toEqual([3]);
  });

  it('stop() ends every membership and wakes its waiter; later joins end at once', async () => {
    hub = new LiveEventHub(store, { queueCapacity: 10 });
    await hub.start();
    const member = await hub.join(EventSelection.everything);
    const waiting = member.wait();
    await hub.stop();
    await waiting;
    expect(member.ended).toBe('hub-stopped');
    expect((await hub.join(EventSelection.everything)).ended).toBe('hub-stopped');
    expect(hub.stats().running).toBe(false);
  });

  it('starts without the store: not ready (no joins) while the head cannot be read, then ready once it can', async () => {
    await store.append('thing-1', [event(), event()], { expectedRevision: 'any' });
    let unreachable = 2;
    const flaky: EventStore = Object.create(store) as EventStore;
    flaky.headPosition = () => (unreachable-- > 0 ? Promise.reject(new Error('connection refused')) : store.headPosition());
    flaky.subscribeToAll = (options) => store.subscribeToAll(options);
    const errors: unknown[] = [];
    const phases: string[] = [];
    hub = new LiveEventHub(flaky, {
      queueCapacity: 10,
      retryDelayMs: 5,
      onError: (error, phase) => {
        errors.push(error);
        phases.push(phase);
      },
    });
    await hub.start(); // resolves although the store did not answer
    expect(hub.ready).toBe(false);
    expect(hub.stats().running).toBe(false);
    await expect(hub.join(EventSelection.everything)).rejects.toThrow(/not started/);

    await hub.whenReady();
    expect(errors).toHaveLength(2);
    expect(phases).toEqual(['startup', 'startup']);
    expect(hub.ready).toBe(true);
    expect(hub.position).toBe(2);
    const member = await hub.join(EventSelection.everything);
    await store.append('thing-2', [event()], { expectedRevision: 'any' });
    await until(() => member.queued === 1, 'the next event');
  });

  it('opens no store subscription until the first member joins, then opens it from the head of the log', async () => {
    const subscribe = jest.spyOn(store, 'subscribeToAll');
    hub = new LiveEventHub(store, { queueCapacity: 10 });
    await hub.start();
    await store.append('thing-1', [event(), event()], { expectedRevision: 'any' });
    expect(subscribe).not.toHaveBeenCalled();
    expect(hub.stats()).toMatchObject({ running: true, subscribed: false, eventsSeen: 0 });

    const member = await hub.join(EventSelection.everything);
    expect(member.joinedAfter).toBe(2);
    expect(subscribe).toHaveBeenCalledWith({ after: 2 });
    await store.append('thing-2', [event()], { expectedRevision: 'any' });
    await until(() => member.queued === 1, 'the next event');
    expect(member.take().map((e) => e.position)).toEqual([3]);
  });

  it('joins that arrive while the subscription opens share it', async () => {
    const subscribe = jest.spyOn(store, 'subscribeToAll');
    hub = new LiveEventHub(store, { queueCapacity: 10 });
    await hub.start();
    const members = await Promise.all([hub.join(EventSelection.everything), hub.join(EventSelection.everything), hub.join(EventSelection.everything)]);
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(hub.stats()).toMatchObject({ subscribed: true, members: 3 });
    expect(members.every((member) => member.ended === undefined)).toBe(true);
  });

  it('closes the subscription idleAfterMs after the last member left, unless someone joins first; reopens from the head', async () => {
    const subscribe = jest.spyOn(store, 'subscribeToAll');
    hub = new LiveEventHub(store, { queueCapacity: 10, idleAfterMs: 50 });
    await hub.start();
    const first = await hub.join(EventSelection.everything);
    first.leave();
    const second = await hub.join(EventSelection.everything); // within the linger: the same subscription
    expect(subscribe).toHaveBeenCalledTimes(1);
    second.leave();
    await until(() => !hub.subscribed, 'the hub to idle');

    await store.append('thing-1', [event(), event()], { expectedRevision: 'any' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(hub.stats()).toMatchObject({ running: true, subscribed: false, eventsSeen: 0, members: 0 });

    const third = await hub.join(EventSelection.everything);
    expect(subscribe).toHaveBeenCalledTimes(2);
    expect(third.joinedAfter).toBe(2);
    await store.append('thing-2', [event()], { expectedRevision: 'any' });
    await until(() => third.queued === 1, 'the next event');
    expect(third.take().map((e) => e.position)).toEqual([3]);
  });

  it('a member that overflows and leaves the last lets the hub idle too', async () => {
    hub = new LiveEventHub(store, { queueCapacity: 1, idleAfterMs: 20 });
    await hub.start();
    const slow = await hub.join(EventSelection.everything);
    await store.append('thing-1', [event(), event()], { expectedRevision: 'any' });
    await until(() => slow.overflowed, 'the overflow');
    await until(() => !hub.subscribed, 'the hub to idle');
    expect(hub.stats()).toMatchObject({ members: 0, overflows: 1 });
  });

  it('when opening the subscription fails the joiner gets an ended membership (hub-failed); the next join tries again', async () => {
    let refusals = 1;
    const flaky: EventStore = Object.create(store) as EventStore;
    flaky.headPosition = () => store.headPosition();
    flaky.subscribeToAll = (options) => {
      if (refusals-- > 0) throw new Error('store unavailable');
      return store.subscribeToAll(options);
    };
    const errors: unknown[] = [];
    const phases: string[] = [];
    hub = new LiveEventHub(flaky, {
      queueCapacity: 10,
      onError: (error, phase) => {
        errors.push(error);
        phases.push(phase);
      },
    });
    await hub.start();
    const refused = await hub.join(EventSelection.everything);
    expect(refused.ended).toBe('hub-failed');
    await refused.wait(); // resolves at once
    expect(errors).toHaveLength(1);
    expect(phases).toEqual(['open']);
    expect(hub.stats()).toMatchObject({ running: true, subscribed: false, members: 0, failures: 1 });

    const member = await hub.join(EventSelection.everything);
    expect(member.ended).toBeUndefined();
    await store.append('thing-1', [event()], { expectedRevision: 'any' });
    await until(() => member.queued === 1, 'the next event');
  });

  it('when the store subscription fails it ends the members (they resume) and the next join opens a new one from the head', async () => {
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
    const phases: string[] = [];
    hub = new LiveEventHub(failing, {
      queueCapacity: 10,
      onError: (error, phase) => {
        errors.push(error);
        phases.push(phase);
      },
    });
    await hub.start();
    const before = await hub.join(EventSelection.everything);
    await store.append('thing-1', [event(), event(), event()], { expectedRevision: 'any' });
    await until(() => before.ended !== undefined, 'the failure');
    expect(before.ended).toBe('hub-failed');
    expect(errors).toHaveLength(1);
    expect(phases).toEqual(['live']);
    expect(hub.stats()).toMatchObject({ running: true, subscribed: false, failures: 1 });

    const after = await hub.join(EventSelection.everything);
    expect(after.joinedAfter).toBe(3);
    await store.append('thing-2', [event()], { expectedRevision: 'any' });
    await until(() => after.queued === 1, 'the next event');
    expect(after.take().map((e) => e.position)).toEqual([4]);
    expect(hub.stats()).toMatchObject({ failures: 1, running: true, subscribed: true });
  });
});
