import type { AllSubscription, EventStore, Position, RecordedEvent } from '@ledger/event-store';
import type { EventSelection } from './event-selection';

/** Why a membership ended without the subscriber asking. */
export type MembershipEnd = 'hub-stopped' | 'hub-failed';

/**
 * One live subscriber's place in the hub: a bounded queue of the matching events the hub saw
 * after `joinedAfter`. It never blocks the hub: when the queue is full the membership *overflows*
 * — it is dropped from the hub, its queue emptied — and its owner reads the store itself from its
 * last position until it can join again (see EventFeed).
 */
export class LiveMembership {
  private queue: RecordedEvent[] = [];
  private waiter: (() => void) | undefined;
  private overflow = false;
  private end: MembershipEnd | undefined;
  private peak = 0;

  constructor(
    /** The hub's position when this membership joined: every matching event after it is queued, in order. */
    readonly joinedAfter: Position,
    private readonly selection: EventSelection,
    private readonly capacity: number,
    private readonly onLeave: (membership: LiveMembership) => void,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  /** The most events this membership ever held at once (never above the capacity). */
  get peakQueued(): number {
    return this.peak;
  }

  /** True once the queue overflowed: the events since are only in the store. */
  get overflowed(): boolean {
    return this.overflow;
  }

  get ended(): MembershipEnd | undefined {
    return this.end;
  }

  /** Every queued event, oldest first; the queue is empty afterwards. */
  take(): RecordedEvent[] {
    const events = this.queue;
    this.queue = [];
    return events;
  }

  /** Resolves when there is something to take, the queue overflowed, or the membership ended. */
  wait(): Promise<void> {
    if (this.queue.length > 0 || this.overflow || this.end) return Promise.resolve();
    return new Promise<void>((resolve) => (this.waiter = resolve));
  }

  leave(): void {
    this.onLeave(this);
    this.wake();
  }

  /** @internal The hub hands over one event (in log order). */
  offer(event: RecordedEvent): void {
    if (this.overflow || this.end || !this.selection.matches(event)) return;
    if (this.queue.length >= this.capacity) {
      this.overflow = true;
      this.queue = [];
      this.onLeave(this);
    } else {
      this.queue.push(event);
      this.peak = Math.max(this.peak, this.queue.length);
    }
    this.wake();
  }

  /** @internal */
  finish(reason: MembershipEnd): void {
    this.end ??= reason;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}

export interface LiveEventHubOptions {
  /** Events a membership may hold before it overflows. */
  readonly queueCapacity: number;
  /**
   * Wait before trying the store again after it failed (the first retry; each further one waits
   * twice as long, up to 30 s). Default 1000 ms.
   */
  readonly retryDelayMs?: number;
  /** Told when the store subscription fails (it is retried). */
  readonly onError?: (error: unknown) => void;
}

export interface LiveEventHubStats {
  readonly running: boolean;
  /** The last position the hub has seen (fanned out). */
  readonly position: Position;
  readonly members: number;
  /** Events fanned out since start. */
  readonly eventsSeen: number;
  /** Memberships dropped because their queue was full. */
  readonly overflows: number;
  readonly failures: number;
}

/**
 * The store's live feed, shared: ONE subscription from the head of the log, whose events are
 * handed to every live subscriber's bounded queue. However many SSE clients are connected, the
 * store is read once per new event; catching up (reading history) is each subscriber's own affair
 * (EventFeed reads the store in batches) until it reaches the head and joins here.
 */
export class LiveEventHub {
  private readonly members = new Set<LiveMembership>();
  private subscription: AllSubscription | undefined;
  private lastPosition: Position = 0;
  private started = false;
  private knowsHead = false;
  private markReady!: () => void;
  private readonly readySignal = new Promise<void>((resolve) => (this.markReady = resolve));
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private counters = { eventsSeen: 0, overflows: 0, failures: 0 };
  private failuresInARow = 0;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly options: LiveEventHubOptions,
  ) {}

  /**
   * Learns the head of the log and subscribes from it. The first attempt is awaited; when the store
   * cannot be reached it is retried in the background (with `retryDelayMs`) and `start` resolves
   * anyway, so the API can start and report itself not ready until the store answers.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.begin();
  }

  /** True once the hub knows where it starts, i.e. a member may join. */
  get ready(): boolean {
    return this.knowsHead;
  }

  /** Resolves when the hub is ready (at once if it is). */
  whenReady(): Promise<void> {
    return this.readySignal;
  }

  /** The last position handed to the members; a member joining now gets every event after it. */
  get position(): Position {
    return this.lastPosition;
  }

  get running(): boolean {
    return this.subscription !== undefined && !this.stopped;
  }

  /**
   * Joins the live feed: every matching event after `hub.position` goes to the membership's queue.
   * Only once the hub is ready (before, it does not know which events it will see).
   */
  join(selection: EventSelection): LiveMembership {
    if (!this.knowsHead && !this.stopped) throw new Error('The live event feed has not started yet; wait for whenReady().');
    const membership = new LiveMembership(this.lastPosition, selection, this.options.queueCapacity, (left) => {
      if (this.members.delete(left) && left.overflowed) this.counters.overflows += 1;
    });
    if (this.stopped) membership.finish('hub-stopped');
    else this.members.add(membership);
    return membership;
  }

  stats(): LiveEventHubStats {
    return { running: this.running, position: this.lastPosition, members: this.members.size, ...this.counters };
  }

  /** Ends the store subscription and every membership ('hub-stopped'). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.markReady(); // nobody waits for a start that will not come; joins now end at once
    this.endMembers('hub-stopped');
    await this.subscription?.close();
    await this.loop;
  }

  private async begin(attempt = 0): Promise<void> {
    if (this.stopped) return;
    try {
      this.lastPosition = await this.store.headPosition();
    } catch (error) {
      this.counters.failures += 1;
      this.options.onError?.(error);
      this.retryTimer = setTimeout(() => void this.begin(attempt + 1), this.retryDelay(attempt));
      this.retryTimer.unref();
      return;
    }
    this.knowsHead = true;
    this.subscribe();
    this.markReady();
  }

  private subscribe(): void {
    if (this.stopped) return;
    let subscription: AllSubscription;
    try {
      subscription = this.store.subscribeToAll({ after: this.lastPosition });
    } catch (error) {
      this.failed(error);
      return;
    }
    this.subscription = subscription;
    this.loop = this.pump(subscription);
  }

  private async pump(subscription: AllSubscription): Promise<void> {
    try {
      for await (const event of subscription) {
        this.lastPosition = event.position;
        this.counters.eventsSeen += 1;
        this.failuresInARow = 0;
        for (const member of this.members) member.offer(event);
      }
      // The subscription ended without being asked to: the store was closed under it, so there
      // is no live feed any more; later joins end at once too.
      this.stopped = true;
      this.subscription = undefined;
      this.endMembers('hub-stopped');
    } catch (error) {
      if (!this.stopped) this.failed(error);
    }
  }

  /**
   * The store subscription failed: the members cannot know what they missed, so they end (their
   * clients resume from their last id), and the hub subscribes again from the last position it
   * saw, waiting longer after each failure in a row.
   */
  private failed(error: unknown): void {
    this.counters.failures += 1;
    this.options.onError?.(error);
    this.endMembers('hub-failed');
    this.subscription = undefined;
    this.retryTimer = setTimeout(() => this.subscribe(), this.retryDelay(this.failuresInARow));
    this.retryTimer.unref();
    this.failuresInARow += 1;
  }

  private retryDelay(attempt: number): number {
    return Math.min(30_000, (this.options.retryDelayMs ?? 1_000) * 2 ** Math.min(attempt, 10));
  }

  private endMembers(reason: MembershipEnd): void {
    const members = [...this.members];
    this.members.clear();
    members.forEach((member) => member.finish(reason));
  }
}
