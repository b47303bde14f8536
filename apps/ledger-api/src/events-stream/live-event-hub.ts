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
   * Wait before reading the head again when the store did not answer at startup (the first retry;
   * each further one waits twice as long, up to 30 s). Default 1000 ms.
   */
  readonly retryDelayMs?: number;
  /**
   * How long the store subscription stays open once the last member left, so subscribers that
   * reconnect at once do not reopen it each time. Default 5000 ms.
   */
  readonly idleAfterMs?: number;
  /** Told when the store cannot be read, with where (LiveFeedErrorPhase): only at startup does the hub retry by itself. */
  readonly onError?: (error: unknown, phase: LiveFeedErrorPhase) => void;
}

/**
 * Where the store could not be read: `startup` (the head; retried with back-off), `open` (the
 * subscription a join needed; that join ends, the next one tries again), `live` (under the
 * members; they end, their clients resume, the next join opens a new subscription), `close`
 * (closing an idle or stopped subscription).
 */
export type LiveFeedErrorPhase = 'startup' | 'open' | 'live' | 'close';

/** What the log says of a failure, per phase: what happens next, so nobody waits for a retry that does not come. */
export const LIVE_FEED_ERRORS: Readonly<Record<LiveFeedErrorPhase, string>> = {
  startup: 'The live event feed cannot read the event store; retrying',
  open: 'The live event feed could not open its store subscription; the stream that needed it ends, the next one tries again',
  live: 'The live event feed lost its store subscription; its streams end (clients resume from their last id), the next one opens it again',
  close: 'The live event feed could not close its store subscription cleanly',
};

export interface LiveEventHubStats {
  /** True once the hub knows the head of the log and until it stops: members may join. */
  readonly running: boolean;
  /** True while the store subscription is open (there are members, or the last one left < idleAfterMs ago). */
  readonly subscribed: boolean;
  /** The last position the hub has seen (fanned out); while it idles, where it stopped. */
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
 *
 * The subscription is open only while someone listens: the first join opens it from the head of
 * the log, and it closes `idleAfterMs` after the last member left. An API that nobody follows does
 * not read and parse every event it appends a second time (nor, on EventStoreDB, receive them all).
 */
export class LiveEventHub {
  private readonly members = new Set<LiveMembership>();
  private subscription: AllSubscription | undefined;
  private opening: Promise<void> | undefined;
  private lastPosition: Position = 0;
  private started = false;
  private knowsHead = false;
  private markReady!: () => void;
  private readonly readySignal = new Promise<void>((resolve) => (this.markReady = resolve));
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private counters = { eventsSeen: 0, overflows: 0, failures: 0 };
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly options: LiveEventHubOptions,
  ) {}

  /**
   * Learns the head of the log (the store answers: members may join). The first attempt is
   * awaited; when the store cannot be reached it is retried in the background (with
   * `retryDelayMs`) and `start` resolves anyway, so the API can start and report itself not ready
   * until the store answers. The store subscription itself waits for the first member.
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
    return this.knowsHead && !this.stopped;
  }

  /** True while the store subscription is open. */
  get subscribed(): boolean {
    return this.subscription !== undefined;
  }

  /**
   * Joins the live feed: every matching event after the membership's `joinedAfter` goes to its
   * queue. Opens the store subscription from the head of the log if it is closed; when the store
   * cannot be read the membership comes back ended ('hub-failed'), so its owner ends the stream and
   * the client resumes later. Only once the hub is ready (before, it does not know the head).
   */
  async join(selection: EventSelection): Promise<LiveMembership> {
    if (!this.knowsHead && !this.stopped) throw new Error('The live event feed has not started yet; wait for whenReady().');
    if (!this.stopped && this.subscription === undefined) await this.open();
    const membership = new LiveMembership(this.lastPosition, selection, this.options.queueCapacity, (left) => this.leave(left));
    if (this.stopped) membership.finish('hub-stopped');
    else if (this.subscription === undefined) membership.finish('hub-failed'); // the store could not be read
    else {
      clearTimeout(this.idleTimer);
      this.members.add(membership);
    }
    return membership;
  }

  stats(): LiveEventHubStats {
    return { running: this.running, subscribed: this.subscribed, position: this.lastPosition, members: this.members.size, ...this.counters };
  }

  /** Ends the store subscription and every membership ('hub-stopped'). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.idleTimer);
    this.markReady(); // nobody waits for a start that will not come; joins now end at once
    this.endMembers('hub-stopped');
    await this.opening;
    await this.closeSubscription();
  }

  private async begin(attempt = 0): Promise<void> {
    if (this.stopped) return;
    try {
      this.lastPosition = await this.store.headPosition();
    } catch (error) {
      this.counters.failures += 1;
      this.options.onError?.(error, 'startup');
      this.retryTimer = setTimeout(() => void this.begin(attempt + 1), this.retryDelay(attempt));
      this.retryTimer.unref();
      return;
    }
    this.knowsHead = true;
    this.markReady();
  }

  /**
   * Opens the store subscription from the current head of the log (joins that arrive meanwhile
   * wait for the same opening). When the store cannot be read it stays closed.
   */
  private async open(): Promise<void> {
    this.opening ??= (async () => {
      try {
        const head = await this.store.headPosition();
        if (this.stopped || this.subscription !== undefined) return;
        // Nobody was listening, so no one has been promised the events in between: start at the head.
        this.lastPosition = Math.max(this.lastPosition, head);
        const subscription = this.store.subscribeToAll({ after: this.lastPosition });
        this.subscription = subscription;
        this.loop = this.pump(subscription);
      } catch (error) {
        this.counters.failures += 1;
        this.options.onError?.(error, 'open');
      } finally {
        this.opening = undefined;
      }
    })();
    await this.opening;
  }

  private leave(membership: LiveMembership): void {
    if (!this.members.delete(membership)) return;
    if (membership.overflowed) this.counters.overflows += 1;
    if (this.members.size === 0 && this.subscription !== undefined && !this.stopped) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        if (this.members.size === 0) void this.closeSubscription();
      }, this.options.idleAfterMs ?? 5_000);
      this.idleTimer.unref();
    }
  }

  private async closeSubscription(): Promise<void> {
    const subscription = this.subscription;
    const loop = this.loop;
    this.subscription = undefined;
    try {
      await subscription?.close();
    } catch (error) {
      this.options.onError?.(error, 'close');
    }
    await loop;
  }

  private async pump(subscription: AllSubscription): Promise<void> {
    try {
      for await (const event of subscription) {
        if (this.subscription !== subscription) return; // closed (idle or stop) while this event was read
        this.lastPosition = event.position;
        this.counters.eventsSeen += 1;
        for (const member of this.members) member.offer(event);
      }
      if (this.subscription !== subscription) return;
      // The subscription ended without being asked to: the store was closed under it, so there
      // is no live feed any more; later joins end at once too.
      this.stopped = true;
      this.subscription = undefined;
      this.endMembers('hub-stopped');
    } catch (error) {
      if (this.subscription !== subscription || this.stopped) return;
      // The members cannot know what they missed: they end, and their clients resume from their
      // last id. The next join opens a new subscription from the head.
      this.counters.failures += 1;
      this.options.onError?.(error, 'live');
      this.subscription = undefined;
      this.endMembers('hub-failed');
      await subscription.close().catch(() => undefined);
    }
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
