/**
 * The ceiling of the HTTP commands benchmark: how many appends per second the durable store takes
 * when 64 writers append exactly what the command load appends — the same events (types, data,
 * metadata with its integrity chain fields), in the same groups (one append per command: 1, 3, 1,
 * 2, 1, 1, 1, 1, 1, 1 events), at exact expected revisions, each writer awaiting its own appends
 * — with nothing else: no stream reads, no folding, no deciding, no HTTP. An HTTP command is one
 * append, so commands/s over HTTP divided by this rate is the share of the store's capacity that
 * the whole pipeline delivers.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AllSubscription, AppendOptions, AppendResult, EventStore, NewEvent, Position, ReadAllOptions, ReadStreamOptions, RecordedEvent, SubscribeOptions } from '@ledger/event-store';

export interface CapturedAppend {
  /** `customer` or `subscription`: which of the pass's streams it went to. */
  readonly stream: 'customer' | 'subscription';
  readonly events: readonly NewEvent[];
}

/** Passes everything through, keeping a copy of every append (to replay the same events elsewhere). */
export class AppendRecorder implements EventStore {
  readonly appends: CapturedAppend[] = [];
  constructor(private readonly inner: EventStore) {}

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const stream = streamId.startsWith('subscription-') ? 'subscription' : streamId.startsWith('customer-') ? 'customer' : undefined;
    if (stream === undefined) throw new Error(`The command pass appended to ${streamId}; the ceiling only knows customer and subscription streams.`);
    this.appends.push({ stream, events: events.map((event) => structuredClone(event)) });
    return this.inner.append(streamId, events, options);
  }
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }
  headPosition(): Promise<Position> {
    return this.inner.headPosition();
  }
  subscribeToAll(options?: SubscribeOptions): AllSubscription {
    return this.inner.subscribeToAll(options);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * `writers` concurrent writers replay `pass` (fresh event ids, own streams) for `seconds` on
 * `store`; resolves with appends per second.
 */
export async function rawAppendRate(store: EventStore, pass: readonly CapturedAppend[], writers: number, seconds: number): Promise<{ appendsPerSecond: number; appends: number }> {
  let appends = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const run = randomUUID().slice(0, 8);
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const customerStream = `customer-ceiling-${run}-${writer}`;
      let customerRevision = -1;
      for (let round = 0; performance.now() < deadline; round += 1) {
        const subscriptionStream = `subscription-ceiling-${run}-${writer}-${round}`;
        let subscriptionRevision = -1;
        for (const append of pass) {
          const events = append.events.map((event) => ({ ...event, id: randomUUID() }));
          if (append.stream === 'customer') {
            await store.append(customerStream, events, { expectedRevision: customerRevision === -1 ? 'no-stream' : customerRevision });
            customerRevision += events.length;
          } else {
            await store.append(subscriptionStream, events, { expectedRevision: subscriptionRevision === -1 ? 'no-stream' : subscriptionRevision });
            subscriptionRevision += events.length;
          }
          appends += 1;
          if (performance.now() >= deadline) break;
        }
      }
    }),
  );
  return { appendsPerSecond: appends / ((performance.now() - started) / 1000), appends };
}
