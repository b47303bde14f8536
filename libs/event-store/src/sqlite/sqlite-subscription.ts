import type { AllFilter, AllSubscription, Position, RecordedEvent } from '../port';
import type { LogPage } from './event-table';

/** What a subscription needs from the store. */
export interface SubscriptionSource {
  /**
   * Reads the next page of matching committed events after `after`, at most `maxCount`. A page may
   * look at only part of the log (`scannedUpTo` < `head`) so a selective filter never makes one
   * read scan the whole log while the event loop waits.
   */
  readPage(after: Position, maxCount: number, filter: AllFilter | undefined): LogPage & { readonly head: Position };
  /** Forgets a closed subscription. */
  detach(subscription: SqliteAllSubscription): void;
}

export interface SqliteSubscriptionOptions {
  readonly after: Position;
  readonly filter: AllFilter | undefined;
  readonly batchSize: number;
  /** While caught up, how often to look for events appended by another process on the same file. */
  readonly pollIntervalMs: number;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A pull-based subscription to the global log. It holds at most one batch: the next batch is read
 * only when the consumer pulls past the current one, so a slow consumer slows the reading instead
 * of making the process buffer the log. When it has caught up it waits for either an in-process
 * append notification or the poll timer (appends made by another process, e.g. the CLI), then
 * reads again from where it stopped: in order, no gap (SQLite commits are serialized, so the
 * committed positions always form a prefix of the log), no duplicate (it reads strictly after the
 * last position it scanned).
 */
export class SqliteAllSubscription implements AllSubscription, AsyncIterator<RecordedEvent> {
  private batch: RecordedEvent[] = [];
  private nextInBatch = 0;
  /** Everything up to here has been fetched (or did not match the filter). */
  private cursor: Position;
  private closed = false;
  private fetched = 0;
  /** Serializes `next()` calls, so two un-awaited pulls cannot read the same page twice. */
  private lastPull: Promise<unknown> = Promise.resolve();
  /** Set while caught up and waiting; calling it ends the wait. */
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SqliteSubscriptionOptions,
  ) {
    this.cursor = options.after;
  }

  get fetchedCount(): number {
    return this.fetched;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  next(): Promise<IteratorResult<RecordedEvent>> {
    const pull = this.lastPull.then(() => this.pull());
    this.lastPull = pull.catch(() => undefined);
    return pull;
  }

  /** `for await … break` calls this: the subscription ends. */
  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    return DONE;
  }

  async close(): Promise<void> {
    this.end();
  }

  /** The store calls this after committing appends: a waiting subscription reads again. */
  notifyAppended(): void {
    this.wakeUp?.();
  }

  /** Ends the subscription now (also used by the store when it closes). */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.batch = [];
    this.source.detach(this);
    this.wakeUp?.();
  }

  private async pull(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed) return DONE;
      if (this.nextInBatch < this.batch.length) {
        return { done: false, value: this.batch[this.nextInBatch++]! };
      }
      const page = this.source.readPage(this.cursor, this.options.batchSize, this.options.filter);
      this.batch = page.events;
      this.nextInBatch = 0;
      this.cursor = page.scannedUpTo;
      this.fetched += page.events.length;
      if (page.events.length > 0) continue;
      // Nothing matched in that stretch: look further (letting other work run first) or, when
      // caught up with the head, wait for appends.
      if (page.scannedUpTo < page.head) await new Promise<void>((resolve) => setImmediate(resolve));
      else await this.waitForAppends();
    }
  }

  private waitForAppends(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => finish(), this.options.pollIntervalMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      this.wakeUp = finish;
    });
  }
}
