import { AccessDeniedError, START, UnavailableError } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, ReadPosition } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { StoreUnavailableError } from '../port';
import type { BackoffOptions } from './backoff';
import { planAllFilter } from './esdb-filters';
import { EsdbAllSubscription, alreadyReceived, resumePosition } from './esdb-subscription';
import type { LiveSource, SourceSubscription, SubscriptionDrop } from './esdb-subscription';

/** A scripted server subscription: the test pushes events, errors or the end into it. */
class FakeServerSubscription implements SourceSubscription {
  readonly items: Array<AllStreamResolvedEvent | { error: Error } | 'end'> = [];
  private wake: (() => void) | undefined;
  unsubscribed = false;
  destroyed = false;

  constructor(
    readonly from: ReadPosition,
    readonly bufferSize: number,
  ) {}

  push(...items: Array<AllStreamResolvedEvent | { error: Error } | 'end'>): void {
    this.items.push(...items);
    this.wake?.();
  }

  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
  }

  destroy(): void {
    this.destroyed = true;
    this.wake?.();
  }

  on(): this {
    return this;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<AllStreamResolvedEvent> {
    for (;;) {
      if (this.destroyed) throw new Error('Premature close');
      const item = this.items.shift();
      if (item === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if (item === 'end') return;
      if ('error' in item) throw item.error;
      yield item;
    }
  }
}

class FakeSource implements LiveSource {
  readonly opened: FakeServerSubscription[] = [];
  open(from: ReadPosition, bufferSize: number): FakeServerSubscription {
    const subscription = new FakeServerSubscription(from, bufferSize);
    this.opened.push(subscription);
    return subscription;
  }
  get current(): FakeServerSubscription {
    return this.opened[this.opened.length - 1]!;
  }
}

const at = (commit: number, streamId = 'order-1', type = 'Placed'): AllStreamResolvedEvent => ({
  event: {
    streamId,
    id: randomUUID(),
    isJson: true,
    revision: 0n,
    type,
    created: new Date('2026-11-21T10:00:00Z'),
    data: { commit },
    metadata: {},
    position: { commit: BigInt(commit), prepare: BigInt(commit) },
  },
  commitPosition: BigInt(commit),
});

const quick: BackoffOptions = { initialMs: 1, maxMs: 8, factor: 2, jitter: 0 };

function subscription(
  source: FakeSource,
  options: { from?: ReadPosition; filter?: Parameters<typeof planAllFilter>[0]; drops?: SubscriptionDrop[]; batchSize?: number } = {},
): EsdbAllSubscription {
  return new EsdbAllSubscription(source, {
    from: options.from ?? START,
    plan: planAllFilter(options.filter),
    batchSize: options.batchSize ?? 50,
    backoff: quick,
    onDrop: (drop) => options.drops?.push(drop),
  });
}

async function positions(sub: EsdbAllSubscription, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const next = await sub.next();
    if (next.done) throw new Error(`ended after ${i}`);
    out.push(next.value.position);
  }
  return out;
}

describe('EsdbAllSubscription', () => {
  it('opens lazily from the start with the batch size as its buffer, and delivers events one pull at a time', async () => {
    const source = new FakeSource();
    const sub = subscription(source, { batchSize: 7 });
    expect(source.opened).toHaveLength(0);
    expect(sub.fetchedCount).toBe(0);

    const first = sub.next();
    await waitFor(() => source.opened.length === 1);
    source.current.push(at(100), at(200), at(300));
    expect((await first).value).toMatchObject({ position: 100, streamId: 'order-1', type: 'Placed', data: { commit: 100 } });
    expect(source.opened[0]).toMatchObject({ from: START, bufferSize: 7 });
    expect(sub.fetchedCount).toBe(1);
    expect(await positions(sub, 2)).toEqual([200, 300]);
    expect(sub.fetchedCount).toBe(3);
    await sub.close();
  });

  it('starts strictly after a given position', async () => {
    const source = new FakeSource();
    const sub = subscription(source, { from: { commit: 500n, prepare: 500n } });
    const next = sub.next();
    await waitFor(() => source.opened.length === 1);
    source.current.push(at(600));
    expect((await next).value).toMatchObject({ position: 600 });
    expect(source.opened[0]!.from).toEqual({ commit: 500n, prepare: 500n });
    await sub.close();
  });

  it('after a drop, reopens after a back-off from the last event received, without gaps or duplicates', async () => {
    const source = new FakeSource();
    const drops: SubscriptionDrop[] = [];
    const sub = subscription(source, { drops });
    const firstTwo = positions(sub, 2);
    await waitFor(() => source.opened.length === 1);
    source.current.push(at(100), at(200), { error: new UnavailableError(undefined, 'connection reset') });
    expect(await firstTwo).toEqual([100, 200]);

    const next = sub.next();
    await waitFor(() => source.opened.length === 2);
    expect(source.opened[0]).toMatchObject({ unsubscribed: true, destroyed: true });
    expect(source.opened[1]!.from).toEqual({ commit: 200n, prepare: 200n });
    // The server may resend what it had already sent: it is not delivered twice.
    source.current.push(at(200), at(300));
    expect((await next).value).toMatchObject({ position: 300 });
    expect(drops).toHaveLength(1);
    expect(drops[0]).toMatchObject({ attempt: 0, delayMs: 1, resumeAfter: { commit: 200n, prepare: 200n } });
    expect(drops[0]!.error).toBeInstanceOf(UnavailableError);
    await sub.close();
  });

  it('backs off longer after each failure in a row, and starts over once an event arrives', async () => {
    const source = new FakeSource();
    const drops: SubscriptionDrop[] = [];
    const sub = subscription(source, { drops });
    const next = sub.next();
    for (let failure = 1; failure <= 5; failure += 1) {
      await waitFor(() => source.opened.length === failure);
      source.current.push({ error: new UnavailableError(undefined, 'down') });
    }
    await waitFor(() => source.opened.length === 6);
    expect(drops.map((drop) => drop.delayMs)).toEqual([1, 2, 4, 8, 8]);
    // Nothing was received yet: every attempt resumes from the start.
    expect(source.opened.every((opened) => opened.from === START)).toBe(true);
    source.current.push(at(100), { error: new UnavailableError(undefined, 'down again') });
    expect((await next).value).toMatchObject({ position: 100 });
    const after = sub.next();
    await waitFor(() => source.opened.length === 7);
    expect(drops[5]).toMatchObject({ attempt: 0, delayMs: 1 });
    source.current.push(at(150));
    expect((await after).value).toMatchObject({ position: 150 });
    await sub.close();
  });

  it('reopens when the server ends the subscription without an error', async () => {
    const source = new FakeSource();
    const sub = subscription(source);
    const next = positions(sub, 2);
    await waitFor(() => source.opened.length === 1);
    source.current.push(at(100), 'end');
    await waitFor(() => source.opened.length === 2);
    source.current.push(at(250));
    expect(await next).toEqual([100, 250]);
    await sub.close();
  });

  it('skips what the filter excludes but resumes after it', async () => {
    const source = new FakeSource();
    const sub = subscription(source, { filter: { streamPrefixes: ['order-'] } });
    const next = sub.next();
    await waitFor(() => source.opened.length === 1);
    source.current.push(at(100, 'invoice-1'), at(150, '$ce-order', 'Result'), { error: new UnavailableError() });
    await waitFor(() => source.opened.length === 2);
    expect(source.opened[1]!.from).toEqual({ commit: 150n, prepare: 150n });
    source.current.push(at(200, 'order-9'));
    expect((await next).value).toMatchObject({ position: 200, streamId: 'order-9' });
    expect(sub.fetchedCount).toBe(1);
    await sub.close();
  });

  it('ends with StoreUnavailableError when the server refuses the credentials', async () => {
    const source = new FakeSource();
    const sub = subscription(source);
    const next = sub.next();
    await waitFor(() => source.opened.length === 1);
    source.current.push({ error: new AccessDeniedError() });
    await expect(next).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(source.opened).toHaveLength(1);
    expect(await sub.next()).toEqual({ done: true, value: undefined });
  });

  it('close() ends a pending pull and the server subscription, also while backing off', async () => {
    const source = new FakeSource();
    const sub = subscription(source);
    const pending = sub.next();
    await waitFor(() => source.opened.length === 1);
    await sub.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(source.opened[0]).toMatchObject({ unsubscribed: true, destroyed: true });

    const slow = new EsdbAllSubscription(source, { from: START, plan: planAllFilter(undefined), batchSize: 1, backoff: { initialMs: 60_000, maxMs: 60_000, factor: 1, jitter: 0 } });
    const waiting = slow.next();
    await waitFor(() => source.opened.length === 2);
    source.current.push({ error: new UnavailableError() });
    await waitFor(() => source.current.destroyed);
    const started = Date.now();
    await slow.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(source.opened).toHaveLength(2);
  });

  it('for-await … break closes it', async () => {
    const source = new FakeSource();
    const sub = subscription(source);
    const consumed = (async () => {
      for await (const event of sub) return event.position;
      return undefined;
    })();
    await waitFor(() => source.opened.length === 1);
    source.current.push(at(42));
    expect(await consumed).toBe(42);
    expect(await sub.next()).toEqual({ done: true, value: undefined });
    expect(source.current.unsubscribed).toBe(true);
  });
});

describe('resume helpers', () => {
  it('resume from the last event received, else from where the subscription started', () => {
    expect(resumePosition(undefined, START)).toBe(START);
    expect(resumePosition(undefined, { commit: 5n, prepare: 5n })).toEqual({ commit: 5n, prepare: 5n });
    expect(resumePosition({ commit: 9n, prepare: 9n }, START)).toEqual({ commit: 9n, prepare: 9n });
  });

  it('treat anything at or before the last event received as already received', () => {
    const last = { commit: 9n, prepare: 9n };
    expect(alreadyReceived({ commit: 9n, prepare: 9n }, last)).toBe(true);
    expect(alreadyReceived({ commit: 3n, prepare: 3n }, last)).toBe(true);
    expect(alreadyReceived({ commit: 10n, prepare: 10n }, last)).toBe(false);
    expect(alreadyReceived({ commit: 0n, prepare: 0n }, undefined)).toBe(false);
  });
});

/** Waits for a condition by yielding to the event loop (no fixed sleeps). */
async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
