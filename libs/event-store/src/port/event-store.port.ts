/**
 * The event-store port: what the ledger needs from an event database, and nothing more.
 * Adapters: SQLite (embedded default, ../sqlite) and EventStoreDB (production, ../esdb).
 * One contract suite (../contract) describes this behaviour and runs against every adapter.
 */

/**
 * A position in the global log ($all). Positions only grow; every stored event has one.
 * SQLite: the row's global sequence number. EventStoreDB: the commit position.
 */
export type Position = number;

/** Position before the first event: reading or subscribing "after" it starts at the beginning. */
export const START: Position = 0;

/**
 * What the writer believes about the stream before appending:
 * - `any`: no check;
 * - `no-stream`: the stream must not exist yet;
 * - `stream-exists`: the stream must have at least one event;
 * - a number: the revision of the stream's last event (first event is revision 0).
 */
export type ExpectedRevision = 'any' | 'no-stream' | 'stream-exists' | number;

/** An event to append. `id` is a UUID chosen by the writer: appending the same ids again is a no-op. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** An event as stored. */
export interface RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  /** 0-based position within its stream. */
  readonly revision: number;
  /** Position in the global log. */
  readonly position: Position;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** When the store recorded it, ISO 8601 UTC. */
  readonly recordedAt: string;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append: pass it as the next expected revision. */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event. */
  readonly position: Position;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive start revision; default: the first (forwards) or last (backwards) event. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

/** Server-side filter for reading or subscribing to all. Empty lists mean "no filter on that". */
export interface AllFilter {
  readonly eventTypes?: readonly string[];
  /** A stream matches if its id starts with one of these, e.g. `customer-`. */
  readonly streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: read events strictly after this position. Default START. */
  readonly after?: Position;
  readonly maxCount?: number;
  readonly filter?: AllFilter;
}

export interface SubscribeOptions {
  /** Exclusive: deliver events strictly after this position. Default START. */
  readonly after?: Position;
  readonly filter?: AllFilter;
  /** How many events are fetched from the store at a time while catching up. */
  readonly batchSize?: number;
}

/**
 * A subscription to all: catches up from `after`, then stays live, in log order, with no gap and no
 * duplicate. It is pull-based (an async iterator), so a slow consumer slows the reading from the store
 * instead of making the process buffer the log in memory.
 */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  /** Ends the iteration; pending `next()` calls resolve as done. */
  close(): Promise<void>;
  /**
   * How many events this subscription has fetched from the store so far: those delivered plus those
   * waiting in its current batch. Back-pressure means it stays within one batch (`batchSize`) of what
   * the consumer pulled, however far the log runs ahead; the contract suite checks it.
   */
  readonly fetchedCount: number;
}

export interface EventStore {
  /** Appends atomically: all events or none. Throws ConcurrencyError, DuplicateEventIdError or InvalidEventError. */
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Reads one stream; a missing stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Reads the global log forwards after a position. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Current last position of the global log (START when empty). */
  headPosition(): Promise<Position>;
  subscribeToAll(options?: SubscribeOptions): AllSubscription;
  close(): Promise<void>;
}
