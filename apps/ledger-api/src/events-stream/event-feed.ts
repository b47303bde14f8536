import type { EventStore, Position, RecordedEvent } from '@ledger/event-store';
import type { EventSelection } from './event-selection';
import type { LiveEventHub, LiveMembership, MembershipEnd } from './live-event-hub';

export interface EventFeedOptions {
  /** Events read from the store per page while catching up. */
  readonly batchSize: number;
}

export type FeedMode = 'catch-up' | 'live';

/** The live feed ended under the subscriber (shutdown, or the store subscription failed). */
export class FeedEndedError extends Error {
  override readonly name = 'FeedEndedError';
  constructor(readonly reason: MembershipEnd) {
    super(`The live feed ended: ${reason}.`);
  }
}

const yieldToOthers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * What one subscriber receives: the matching events after a position, in log order, with no gap
 * and no duplicate — first read from the store in pages (catching up), then from the hub's shared
 * live feed. It is pulled (`next()`), so a consumer that stops pulling stops the reading: while
 * catching up nothing more is read; while live the hub fills at most one bounded queue, and when
 * that overflows the feed goes back to catching up from where the consumer is.
 *
 * The handover, and why it neither skips nor repeats: `cursor` is the last position the
 * subscriber has been given (or scanned past). When a page comes back shorter than asked, the
 * store had nothing more at that moment, so the feed joins the hub, whose membership queues every
 * event after `joinedAfter` (the hub's position at that instant). Everything up to `joinedAfter`
 * was committed before the join, so store pages read after it reach at least `joinedAfter`; the
 * feed keeps reading pages until `cursor >= joinedAfter`, then serves the queue, dropping what
 * is at or before `cursor`. Store pages cover (old cursor, cursor] and the queue covers
 * (joinedAfter, …): together everything, each once.
 */
export class EventFeed {
  private cursor: Position;
  private membership: LiveMembership | undefined;
  private closed = false;
  private wakeClosed: (() => void) | undefined;
  private readonly closedSignal = new Promise<void>((resolve) => (this.wakeClosed = resolve));
  private counters = { delivered: 0, pagesRead: 0, fallbacks: 0, peakQueued: 0 };

  constructor(
    private readonly store: EventStore,
    private readonly hub: LiveEventHub,
    private readonly selection: EventSelection,
    after: Position,
    private readonly options: EventFeedOptions,
  ) {
    this.cursor = after;
  }

  /** The last position given to the subscriber or scanned past. */
  get position(): Position {
    return this.cursor;
  }

  get mode(): FeedMode {
    return this.membership && this.cursor >= this.membership.joinedAfter ? 'live' : 'catch-up';
  }

  /** Events held in memory for this subscriber by the hub. */
  get queued(): number {
    return this.membership?.queued ?? 0;
  }

  get stats(): { readonly delivered: number; readonly pagesRead: number; readonly fallbacks: number; readonly peakQueued: number } {
    return { ...this.counters, peakQueued: Math.max(this.counters.peakQueued, this.membership?.peakQueued ?? 0) };
  }

  /**
   * The next events, at least one, in log order; `undefined` once closed. Throws FeedEndedError
   * when the live feed ended under it (the subscriber should resume from its last id later).
   */
  async next(): Promise<RecordedEvent[] | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      const membership = this.membership;
      if (membership?.ended) throw new FeedEndedError(membership.ended);
      if (membership?.overflowed) {
        // Fell too far behind the live feed: the store has everything since `cursor`.
        this.counters.peakQueued = Math.max(this.counters.peakQueued, membership.peakQueued);
        this.membership = undefined;
        this.counters.fallbacks += 1;
        continue;
      }
      if (!membership || this.cursor < membership.joinedAfter) {
        const events = await this.readPage();
        if (events === undefined) return undefined;
        if (events.length > 0) return this.deliver(events);
        continue;
      }
      const events = membership.take().filter((event) => event.position > this.cursor);
      if (events.length > 0) return this.deliver(events);
      await Promise.race([membership.wait(), this.closedSignal]);
    }
  }

  /** Stops the feed: a pending `next()` resolves `undefined`, and it leaves the hub. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.counters.peakQueued = Math.max(this.counters.peakQueued, this.membership?.peakQueued ?? 0);
    this.membership?.leave();
    this.membership = undefined;
    this.wakeClosed?.();
  }

  /** One page of the store after `cursor`: the matching events (maybe none), or undefined once closed. */
  private async readPage(): Promise<RecordedEvent[] | undefined> {
    const { batchSize } = this.options;
    // Unfiltered on purpose: a page is `batchSize` rows of the log whatever the selection, so a
    // rare type never makes one read scan the whole log while other subscribers wait.
    const page = await this.store.readAll({ after: this.cursor, maxCount: batchSize });
    if (this.closed) return undefined;
    this.counters.pagesRead += 1;
    if (page.length > 0) this.cursor = page[page.length - 1]!.position;
    const matching = this.selection.isEverything ? page : page.filter((event) => this.selection.matches(event));
    if (page.length < batchSize) {
      if (!this.membership) {
        // The store had nothing more when read: join the hub's feed. What was committed between
        // that read and the join (up to `joinedAfter`) is read by the next page(s). A hub that
        // has not started yet (the store was unreachable at startup) is waited for once this
        // page's events are delivered.
        if (!this.hub.ready) {
          if (matching.length > 0) return matching;
          await Promise.race([this.hub.whenReady(), this.closedSignal]);
          if (this.closed) return undefined;
        }
        const membership = await this.hub.join(this.selection);
        if (this.closed) {
          membership.leave();
          return undefined;
        }
        this.membership = membership;
      } else if (page.length === 0 && this.cursor < this.membership.joinedAfter) {
        // Read after the join, so it saw every event up to `joinedAfter`; an empty page means
        // there is none left below it (only possible if rows were removed by hand).
        this.cursor = this.membership.joinedAfter;
      }
    }
    if (matching.length === 0 && page.length === batchSize) await yieldToOthers();
    return matching;
  }

  private deliver(events: RecordedEvent[]): RecordedEvent[] {
    // A filtered page may have scanned past its last match: never move the cursor back.
    this.cursor = Math.max(this.cursor, events[events.length - 1]!.position);
    this.counters.delivered += events.length;
    return events;
  }
}
