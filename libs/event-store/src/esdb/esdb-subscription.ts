/**
 * A port subscription to $all on top of EventStoreDB's catch-up subscription, which catches up and
 * then stays live by itself, filtered on the server.
 *
 * - Pull-based: the client's subscription is a Node object stream piped from the gRPC call; this
 *   class takes one event from it per `next()`. When the consumer stops pulling, the stream's
 *   buffer (at most `batchSize` events) fills, the pipe pauses the gRPC call, HTTP/2 flow control
 *   stops the server, and EventStoreDB parks the subscription on its side: memory stays bounded
 *   however far the log runs ahead. `fetchedCount` counts the events this class has taken from the
 *   client (the ones it delivered); the client's own buffer holds at most `batchSize` more.
 * - Drops: when the subscription fails with a transient error (server unreachable, leader change,
 *   deadline, server restart) or ends without being asked to, it is opened again after an
 *   exponential back-off, from the position of the last event received — so nothing is skipped —
 *   and anything at or before that position is dropped — so nothing is delivered twice. Other
 *   errors (e.g. refused credentials) end the subscription and are thrown from `next()`.
 */
import type { AllStreamResolvedEvent, Position as EsdbPosition, ReadPosition } from '@eventstore/db-client';
import type { AllSubscription, RecordedEvent } from '../port';
import { backoffDelay } from './backoff';
import type { BackoffOptions } from './backoff';
import type { AllFilterPlan } from './esdb-filters';
import { isTransient, toPortError } from './esdb-errors';
import { toRecordedEvent } from './esdb-mapping';

/** What the subscription reads from: the client's `subscribeToAll`, or a fake in the unit tests. */
export interface LiveSource {
  /** Opens a server subscription that delivers events strictly after `from`, holding at most `bufferSize` in memory. */
  open(from: ReadPosition, bufferSize: number): SourceSubscription;
}

/** The part of the client's AllStreamSubscription (a Node Readable) this class uses. */
export interface SourceSubscription extends AsyncIterable<AllStreamResolvedEvent> {
  /** Cancels the gRPC call. */
  unsubscribe(): Promise<void>;
  /** Ends the Node stream at once, waking a pending read. */
  destroy(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Reported each time the subscription is dropped and about to be opened again. */
export interface SubscriptionDrop {
  readonly error: unknown;
  /** 0 for the first retry since the last event was received. */
  readonly attempt: number;
  readonly delayMs: number;
  /** The position it resumes after (`start` before the first event). */
  readonly resumeAfter: ReadPosition;
}

export interface EsdbSubscriptionOptions {
  /** Resume point: `start`, or the exact position of the last event already seen. */
  readonly from: ReadPosition;
  readonly plan: AllFilterPlan;
  readonly batchSize: number;
  readonly backoff: BackoffOptions;
  readonly random?: () => number;
  readonly onDrop?: (drop: SubscriptionDrop) => void;
  /** Called once when the subscription ends (closed, or failed for good). */
  readonly onEnd?: () => void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
const CLOSED = Symbol('closed');

/** Where to resume after a drop: the last event received, or the starting point if none was. */
export function resumePosition(lastReceived: EsdbPosition | undefined, from: ReadPosition): ReadPosition {
  return lastReceived ?? from;
}

/** Whether an event received after a resubscription was already received before it. */
export function alreadyReceived(position: EsdbPosition, lastReceived: EsdbPosition | undefined): boolean {
  return lastReceived !== undefined && position.commit <= lastReceived.commit;
}

export class EsdbAllSubscription implements AllSubscription, AsyncIterator<RecordedEvent> {
  private current: { readonly subscription: SourceSubscription; readonly iterator: AsyncIterator<AllStreamResolvedEvent> } | undefined;
  private lastReceived: EsdbPosition | undefined;
  private delivered = 0;
  private attempt = 0;
  private closed = false;
  private readonly closedSignal: Promise<typeof CLOSED>;
  private signalClosed!: () => void;
  private wakeFromBackoff: (() => void) | undefined;
  /** Serializes `next()` calls so two un-awaited pulls never take the same event. */
  private lastPull: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: LiveSource,
    private readonly options: EsdbSubscriptionOptions,
  ) {
    this.closedSignal = new Promise((resolve) => (this.signalClosed = () => resolve(CLOSED)));
  }

  get fetchedCount(): number {
    return this.delivered;
  }

  /** How many times the subscription was dropped and opened again since its last event. */
  get retryAttempt(): number {
    return this.attempt;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  next(): Promise<IteratorResult<RecordedEvent>> {
    const pull = this.lastPull.then(() => this.pull());
    this.lastPull = pull.catch(() => undefined);
    return pull;
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    return DONE;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signalClosed();
    this.wakeFromBackoff?.();
    this.dropCurrent();
    this.options.onEnd?.();
  }

  private async pull(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed) return DONE;
      const current = (this.current ??= this.openCurrent());
      let received: IteratorResult<AllStreamResolvedEvent> | typeof CLOSED;
      try {
        received = await this.unlessClosed(current.iterator.next());
      } catch (error) {
        if (this.closed) return DONE;
        this.dropCurrent();
        if (!isTransient(error)) {
          await this.close();
          throw toPortError(error, 'subscription to $all');
        }
        await this.backOff(error);
        continue;
      }
      if (received === CLOSED) return DONE;
      if (received.done) {
        // The server ended the subscription without an error (e.g. it is shutting down): reopen.
        this.dropCurrent();
        await this.backOff(new Error('EventStoreDB ended the subscription.'));
        continue;
      }
      const event = received.value.event;
      if (!event || alreadyReceived(event.position, this.lastReceived)) continue;
      this.attempt = 0;
      this.lastReceived = event.position;
      if (!this.options.plan.matches(event.streamId, event.type)) continue;
      this.delivered += 1;
      return { done: false, value: toRecordedEvent(event) };
    }
  }

  private openCurrent(): NonNullable<EsdbAllSubscription['current']> {
    const subscription = this.source.open(resumePosition(this.lastReceived, this.options.from), this.options.batchSize);
    // The client re-emits gRPC errors on its stream; once this class has let go of the stream, an
    // error nobody listens to would crash the process. While iterating, the iterator sees them anyway.
    subscription.on('error', () => undefined);
    return { subscription, iterator: subscription[Symbol.asyncIterator]() };
  }

  /** Waits for `promise` unless the subscription is closed first; a late rejection is ignored. */
  private unlessClosed<T>(promise: Promise<T>): Promise<T | typeof CLOSED> {
    promise.catch(() => undefined);
    return Promise.race([promise, this.closedSignal]);
  }

  /**
   * Lets go of the current server subscription: cancels its gRPC call (not awaited: while the
   * client is still discovering a cluster node that can take long) and destroys its stream, which
   * ends a pending read at once.
   */
  private dropCurrent(): void {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    current.subscription.unsubscribe().catch(() => undefined);
    current.subscription.destroy();
  }

  private async backOff(error: unknown): Promise<void> {
    const delayMs = backoffDelay(this.attempt, this.options.backoff, this.options.random);
    this.options.onDrop?.({ error, attempt: this.attempt, delayMs, resumeAfter: resumePosition(this.lastReceived, this.options.from) });
    this.attempt += 1;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, delayMs);
      function finish(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeFromBackoff = finish;
    });
    this.wakeFromBackoff = undefined;
  }
}
