import type Database from 'better-sqlite3';
import { serializeAppend } from '../append-validation';
import type { SerializedEvent } from '../append-validation';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  START,
  StoreUnavailableError,
} from '../port';
import type {
  AllFilter,
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../port';
import { EventTable } from './event-table';
import type { LogPage } from './event-table';
import { GroupCommit } from './group-commit';
import { openEventDatabase } from './schema';
import { SqliteAllSubscription } from './sqlite-subscription';
import type { SubscriptionSource } from './sqlite-subscription';

/** At most this many positions are scanned by one subscription read, however few events match its filter. */
const SUBSCRIPTION_SCAN_WINDOW = 10_000;

export interface SqliteEventStoreOptions {
  /** A database file (created with its folder if missing), or `:memory:` for a private store that dies with it. */
  readonly path: string;
  /**
   * Default true: WAL with synchronous=FULL, an acknowledged append survives a power cut.
   * false: synchronous=NORMAL, for tests and benchmarks of logic (a power cut may lose the last commits).
   */
  readonly durable?: boolean;
  /** Default true: appends made in the same event-loop turn share one transaction and one disk sync. */
  readonly groupCommit?: boolean;
  /** How often a caught-up subscription looks for appends by another process. Default 200 ms. */
  readonly pollIntervalMs?: number;
  /** How long an append waits for another process's write lock on the file. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Default `batchSize` of subscriptions. Default 500. */
  readonly subscriptionBatchSize?: number;
}

/** Opens the embedded event store on a SQLite file (see SqliteEventStore). */
export function createSqliteEventStore(options: SqliteEventStoreOptions): EventStore {
  return new SqliteEventStore(options);
}

/**
 * The embedded event store: the whole log in one SQLite table (see schema.ts), appends grouped into
 * durable transactions (see group-commit.ts), subscriptions that pull pages (see
 * sqlite-subscription.ts). Several processes may open the same file: SQLite serializes their
 * writes, and subscriptions poll for the others' appends.
 */
export class SqliteEventStore implements EventStore, SubscriptionSource {
  private readonly db: Database.Database;
  private readonly table: EventTable;
  private readonly writer: GroupCommit;
  private readonly subscriptions = new Set<SqliteAllSubscription>();
  private readonly commitListeners = new Set<() => void>();
  private readonly pollIntervalMs: number;
  private readonly defaultBatchSize: number;
  private closed = false;

  constructor(options: SqliteEventStoreOptions) {
    try {
      this.db = openEventDatabase({
        path: options.path,
        durable: options.durable ?? true,
        busyTimeoutMs: options.busyTimeoutMs ?? 5000,
      });
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new StoreUnavailableError(`Cannot open the event store at ${options.path}: ${detail}`, { cause });
    }
    this.table = new EventTable(this.db);
    this.writer = new GroupCommit(this.db, {
      enabled: options.groupCommit ?? true,
      onCommitted: () => {
        this.notifyAppendedElsewhere();
        this.commitListeners.forEach((listener) => listener());
      },
    });
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.defaultBatchSize = positiveInteger(options.subscriptionBatchSize ?? 500, 'subscriptionBatchSize');
  }

  /** The database file this store writes (as given when opened), for readers that open it themselves. */
  get file(): string {
    return this.db.name;
  }

  /** Write transactions committed and appends they carried: appends / transactions is the mean group size. */
  get commitStats(): { readonly transactions: number; readonly appends: number } {
    return { transactions: this.writer.stats.transactions, appends: this.writer.stats.committedWork };
  }

  // Not `async`: returning the writer's promise itself saves a lone writer two microtask hops.
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    try {
      this.assertOpen();
      const expected = checkExpectedRevision(options?.expectedRevision);
      // Validate and serialize now, outside the transaction: a malformed append never reaches the
      // database, and later changes by the caller to its objects cannot change what is stored.
      const serialized = serializeAppend(streamId, events);
      return this.writer.submit(() => this.appendInTransaction(streamId, serialized, expected));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = optionalCount(options.maxCount, 'maxCount');
    if (options.fromRevision !== undefined && !Number.isInteger(options.fromRevision)) {
      throw new RangeError(`fromRevision must be an integer, got ${options.fromRevision}.`);
    }
    return this.table.readStream(streamId, options.direction ?? 'forwards', options.fromRevision, maxCount);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = optionalCount(options.maxCount, 'maxCount');
    return this.table.readLog(options.after ?? START, Number.MAX_SAFE_INTEGER, maxCount, options.filter).events;
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    return this.table.head();
  }

  subscribeToAll(options: SubscribeOptions = {}): AllSubscription {
    this.assertOpen();
    const subscription = new SqliteAllSubscription(this, {
      after: options.after ?? START,
      filter: options.filter,
      batchSize: positiveInteger(options.batchSize ?? this.defaultBatchSize, 'batchSize'),
      pollIntervalMs: this.pollIntervalMs,
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Calls `listener` after each commit of this store's appends (once per group commit), until the
   * returned function is called. The API forwards these to the projection worker, whose own
   * connection to the file would otherwise see the appends only at its next poll.
   */
  onAppendsCommitted(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => {
      this.commitListeners.delete(listener);
    };
  }

  /**
   * Another connection to the same file (another thread of this process, told through
   * onAppendsCommitted) committed appends: caught-up subscriptions read now instead of at their
   * next poll. Harmless when nothing was appended (they find nothing and wait again).
   */
  notifyAppendedElsewhere(): void {
    this.subscriptions.forEach((subscription) => subscription.notifyAppended());
  }

  /** Flushes queued appends, ends every subscription and closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.writer.flush();
    this.closed = true;
    [...this.subscriptions].forEach((subscription) => subscription.end());
    this.db.close();
  }

  /**
   * @internal SubscriptionSource: one page of committed events, bounded by the head read just before
   * (rows another process commits meanwhile wait for the next page) and by SUBSCRIPTION_SCAN_WINDOW.
   */
  readPage(after: Position, maxCount: number, filter: AllFilter | undefined): LogPage & { readonly head: Position } {
    this.assertOpen();
    const head = this.table.head();
    if (head <= after) return { events: [], scannedUpTo: after, head };
    const upTo = Math.min(head, after + SUBSCRIPTION_SCAN_WINDOW);
    return { ...this.table.readLog(after, upTo, maxCount, filter), head };
  }

  /** @internal SubscriptionSource */
  detach(subscription: SqliteAllSubscription): void {
    this.subscriptions.delete(subscription);
  }

  /** Runs inside the group transaction; throwing rolls back only this append. */
  private appendInTransaction(streamId: string, events: readonly SerializedEvent[], expected: ExpectedRevision): AppendResult {
    const replayed = this.resultIfAlreadyAppended(streamId, events);
    if (replayed) return replayed;
    const actual = this.table.lastRevision(streamId);
    if (!matchesExpectation(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
    const recordedAt = new Date().toISOString();
    let revision = actual;
    let position = 0;
    for (const event of events) {
      revision += 1;
      position = this.table.insert(streamId, revision, event, recordedAt);
    }
    return { nextExpectedRevision: revision, position };
  }

  /**
   * Idempotency: when every event of the append is already stored in this stream, consecutively
   * and in the same order, the append already happened (a retried request) and its original result
   * is returned, whatever the expected revision says now. Any other overlap with stored ids (another
   * stream, another order, only some of them) is a DuplicateEventIdError.
   */
  private resultIfAlreadyAppended(streamId: string, events: readonly SerializedEvent[]): AppendResult | undefined {
    const places = events.map((event) => this.table.placeOf(event.id));
    const firstStored = places.findIndex((place) => place !== undefined);
    if (firstStored === -1) return undefined;
    const first = places[0];
    const sameAppend =
      first !== undefined &&
      places.every((place, i) => place !== undefined && place.streamId === streamId && place.revision === first.revision + i);
    if (!sameAppend) throw new DuplicateEventIdError(events[firstStored]!.id, streamId);
    const last = places[places.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The event store is closed.');
  }
}

function matchesExpectation(expected: ExpectedRevision, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return actual === -1;
    case 'stream-exists':
      return actual >= 0;
    default:
      return actual === expected;
  }
}

/** A number expectation must be a revision (-1 means the same as 'no-stream'). */
function checkExpectedRevision(expected: ExpectedRevision | undefined): ExpectedRevision {
  if (expected === 'any' || expected === 'no-stream' || expected === 'stream-exists') return expected;
  if (typeof expected === 'number' && Number.isInteger(expected) && expected >= -1) return expected;
  throw new RangeError(`expectedRevision must be 'any', 'no-stream', 'stream-exists' or a revision >= -1, got ${String(expected)}.`);
}

function optionalCount(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}.`);
  return value;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}.`);
  return value;
}
