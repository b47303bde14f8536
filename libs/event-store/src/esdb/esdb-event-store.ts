/**
 * The EventStoreDB adapter of the event-store port (docs/decisions/0006-eventstoredb-adapter.md).
 *
 * - append: validated exactly as the SQLite store (append-validation.ts), refused as `too-large`
 *   when EventStoreDB would refuse it (MaxAppendSize, default 1 MiB) — never split, a port append
 *   is atomic. Event ids are passed through; each new id is claimed for its stream first
 *   (event-id-claims.ts) so an id can never be stored in two places, and a retried append is
 *   recognised and answered with its original result. Expected revisions map one to one;
 *   'any' and 'stream-exists' are sent as the exact revision just read (retrying if the stream
 *   moved), so EventStoreDB's own duplicate detection — reliable only for exact revisions — always
 *   applies. WrongExpectedVersionError → ConcurrencyError with the actual revision (-1: no stream).
 * - positions: the commit position (esdb-mapping.ts explains why it alone suffices).
 * - readStream: a missing stream reads as empty.
 * - readAll / headPosition: filtered on the server (esdb-filtered-read.ts, esdb-filters.ts), system
 *   events and the adapter's claims excluded.
 * - subscribeToAll: esdb-subscription.ts (pull-based, resubscribes with back-off after a drop).
 * - errors reaching the server → StoreUnavailableError; close() lets accepted operations finish.
 */
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, NO_STREAM, START as ESDB_START } from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  Position as EsdbPosition,
  ReadPosition,
  RecordedEvent as EsdbRecordedEvent,
  StreamingRead,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { STREAM_NAME_PATTERN, serializeAppend } from '../append-validation';
import type { SerializedEvent } from '../append-validation';
import { ConcurrencyError, DuplicateEventIdError, START, StoreUnavailableError } from '../port';
import type {
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
import { backoffOptions } from './backoff';
import type { BackoffOptions } from './backoff';
import { ESDB_MAX_APPEND_BYTES, assertAppendFits, checkAlreadyAppended } from './esdb-append';
import type { AppendedCheck } from './esdb-append';
import { classifyEsdbError, toPortError } from './esdb-errors';
import { readAllFiltered } from './esdb-filtered-read';
import { PORT_EVENT_TYPE_REGEX, planAllFilter, toSubscriptionFilter } from './esdb-filters';
import type { AllFilterPlan } from './esdb-filters';
import {
  fromEsdbCurrentRevision,
  planStreamRead,
  toEsdbExpectedRevision,
  toEsdbReadPosition,
  toEventData,
  toPortPosition,
  toRecordedEvent,
} from './esdb-mapping';
import { EsdbAllSubscription } from './esdb-subscription';
import type { LiveSource, SourceSubscription, SubscriptionDrop } from './esdb-subscription';
import { CLAIM_EVENT_TYPE, claimStreamOf, claimedStreamOf } from './event-id-claims';

export interface EsdbEventStoreOptions {
  /**
   * e.g. `esdb://localhost:2113?tls=false` (single node), `esdb://a:2113,b:2113,c:2113` (gossip
   * seeds) or `esdb+discover://cluster.example.com:2113` (DNS discovery). Keep-alive, deadlines and
   * node preference are set here too (`keepAliveInterval`, `defaultDeadline`, `nodePreference`).
   */
  readonly connectionString: string;
  /** The server's MaxAppendSize, if raised from its 1 MiB default. */
  readonly maxAppendBytes?: number;
  /** How many of a stream's last events are searched for the ids of a retried append. Default 1000. */
  readonly idempotencyWindow?: number;
  /** Default `batchSize` of subscriptions: how many events the client may buffer. Default 500. */
  readonly subscriptionBatchSize?: number;
  /** Back-off between attempts to reopen a dropped subscription. */
  readonly resubscribeBackoff?: Partial<BackoffOptions>;
  /** Told about every subscription drop (for logs and metrics). */
  readonly onSubscriptionDrop?: (drop: SubscriptionDrop) => void;
}

/** Connects lazily: nothing is sent until the first operation, so an unreachable server fails operations, not construction. */
export function createEsdbEventStore(options: EsdbEventStoreOptions): EsdbEventStore {
  return new EsdbEventStore(options);
}

/** Appends with 'any' or 'stream-exists' retry this often when the stream moves between reading its revision and writing. */
const MAX_MOVING_STREAM_RETRIES = 10;
/** Events asked from the server per request while reading all. */
const READ_ALL_PAGE = 1000;
/** Events read per request while looking backwards for the head. */
const HEAD_PAGE = 32;

export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly maxAppendBytes: number;
  private readonly idempotencyWindow: number;
  private readonly defaultBatchSize: number;
  private readonly backoff: BackoffOptions;
  private readonly subscriptions = new Set<EsdbAllSubscription>();
  /** Operations accepted before close(): close waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly options: EsdbEventStoreOptions) {
    try {
      this.client = EventStoreDBClient.connectionString(options.connectionString);
    } catch (cause) {
      throw new Error(`Invalid EventStoreDB connection string: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    this.maxAppendBytes = positiveInteger(options.maxAppendBytes ?? ESDB_MAX_APPEND_BYTES, 'maxAppendBytes');
    this.idempotencyWindow = positiveInteger(options.idempotencyWindow ?? 1000, 'idempotencyWindow');
    this.defaultBatchSize = positiveInteger(options.subscriptionBatchSize ?? 500, 'subscriptionBatchSize');
    this.backoff = backoffOptions(options.resubscribeBackoff);
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    try {
      this.assertOpen();
      const expected = checkExpectedRevision(options?.expectedRevision);
      // Validated and serialized now: a malformed append never reaches the server, and later
      // changes by the caller to its objects cannot change what is stored.
      const serialized = serializeAppend(streamId, events);
      assertAppendFits(streamId, serialized, this.maxAppendBytes);
      return this.track(`append to ${streamId}`, () => this.appendValidated(streamId, serialized, expected));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    try {
      this.assertOpen();
      const plan = planStreamRead(options);
      // Only port stream names: `$…` system streams and `_…` claims read as empty, as in SQLite.
      if (plan.kind === 'empty' || !STREAM_NAME_PATTERN.test(streamId)) return Promise.resolve([]);
      return this.track(`read ${streamId}`, async () =>
        (await this.readStreamEvents(streamId, plan.direction, plan.fromRevision, plan.maxCount, false)).map(toRecordedEvent),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    try {
      this.assertOpen();
      const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
      if (options.maxCount !== undefined && (!Number.isInteger(options.maxCount) || options.maxCount < 0)) {
        throw new RangeError(`maxCount must be a non-negative integer, got ${options.maxCount}.`);
      }
      const from = toEsdbReadPosition(options.after ?? START);
      if (maxCount === 0) return Promise.resolve([]);
      return this.track('read all', () => this.readAllFrom(from, maxCount, planAllFilter(options.filter)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  headPosition(): Promise<Position> {
    try {
      this.assertOpen();
      return this.track('head position', () => this.findHead());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): AllSubscription {
    this.assertOpen();
    const plan = planAllFilter(options.filter);
    const batchSize = positiveInteger(options.batchSize ?? this.defaultBatchSize, 'batchSize');
    const filter = toSubscriptionFilter(plan.server);
    const source: LiveSource = {
      open: (from, bufferSize): SourceSubscription =>
        this.client.subscribeToAll({ fromPosition: from, filter, resolveLinkTos: false }, { highWaterMark: bufferSize }),
    };
    const subscription: EsdbAllSubscription = new EsdbAllSubscription(source, {
      from: toEsdbReadPosition(options.after ?? START),
      plan,
      batchSize,
      backoff: this.backoff,
      ...(this.options.onSubscriptionDrop ? { onDrop: this.options.onSubscriptionDrop } : {}),
      onEnd: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Ends every subscription, waits for the operations already accepted, then disconnects. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await Promise.allSettled([...this.inFlight]);
    await this.client.dispose();
  }

  // --- append -------------------------------------------------------------------------------------

  private async appendValidated(streamId: string, events: readonly SerializedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const ids = events.map((event) => event.id);
    if (await this.claimIds(streamId, ids)) {
      // Some id was offered to this stream before: a retry of an append that may have happened.
      const earlier = this.resolveCheck(streamId, await this.checkStream(streamId, ids));
      if (earlier) return earlier;
    }
    const data = events.map(toEventData);
    for (let attempt = 0; ; attempt += 1) {
      const lastChance = attempt >= MAX_MOVING_STREAM_RETRIES;
      const sent = await this.expectedToSend(streamId, expected, lastChance);
      try {
        const result = await this.client.appendToStream(streamId, data, { expectedRevision: sent });
        const nextExpectedRevision = Number(result.nextExpectedRevision);
        return { nextExpectedRevision, position: await this.positionOf(streamId, nextExpectedRevision) };
      } catch (error) {
        if (classifyEsdbError(error) !== 'wrong-expected-version') throw error;
        // Perhaps an identical append got there first (a client retry racing its original).
        const earlier = this.resolveCheck(streamId, await this.checkStream(streamId, ids));
        if (earlier) return earlier;
        const actual = fromEsdbCurrentRevision((error as WrongExpectedVersionError).actualVersion);
        const movedUnderUs = expected === 'any' || (expected === 'stream-exists' && actual >= 0);
        if (!movedUnderUs || lastChance) throw new ConcurrencyError(streamId, expected, actual);
      }
    }
  }

  /**
   * The expected revision sent to EventStoreDB: exact revisions and 'no-stream' as they are;
   * 'any' and 'stream-exists' as the stream's current revision, so the server's duplicate
   * detection is the reliable one. After too many races, the loose form itself.
   */
  private async expectedToSend(streamId: string, expected: ExpectedRevision, loose: boolean): Promise<AppendExpectedRevision> {
    if (typeof expected === 'number' || expected === 'no-stream' || loose) return toEsdbExpectedRevision(expected);
    const last = await this.lastRevision(streamId);
    if (expected === 'stream-exists' && last === -1) throw new ConcurrencyError(streamId, expected, -1);
    return last === -1 ? NO_STREAM : BigInt(last);
  }

  /**
   * Claims each id for `streamId` (event-id-claims.ts). Throws DuplicateEventIdError when an id
   * belongs to another stream; resolves true when some id had been offered to this stream before.
   */
  private async claimIds(streamId: string, ids: readonly string[]): Promise<boolean> {
    const outcomes = await Promise.all(ids.map((id) => this.claimId(streamId, id)));
    const elsewhere = outcomes.findIndex((outcome) => outcome === 'elsewhere');
    if (elsewhere !== -1) throw new DuplicateEventIdError(ids[elsewhere]!, streamId);
    return outcomes.includes('claimed-before');
  }

  private async claimId(streamId: string, id: string): Promise<'claimed-now' | 'claimed-before' | 'elsewhere'> {
    const claimStream = claimStreamOf(id);
    try {
      // A fresh event id per attempt: a second claim is never mistaken for a retry of the first.
      await this.client.appendToStream(
        claimStream,
        [{ id: randomUUID(), contentType: 'application/json', type: CLAIM_EVENT_TYPE, data: { streamId }, metadata: undefined }],
        { expectedRevision: NO_STREAM },
      );
      return 'claimed-now';
    } catch (error) {
      if (classifyEsdbError(error) !== 'wrong-expected-version') throw error;
    }
    const [claim] = await this.readStreamEvents(claimStream, FORWARDS, ESDB_START, 1);
    return claim && claimedStreamOf(claim.data) === streamId ? 'claimed-before' : 'elsewhere';
  }

  /** Looks for `ids` among the stream's last events (at least one window, and the append's length more). */
  private async checkStream(streamId: string, ids: readonly string[]): Promise<AppendedCheck> {
    const recent = await this.readStreamEvents(streamId, BACKWARDS, END, this.idempotencyWindow + ids.length);
    return checkAlreadyAppended(
      ids,
      recent.map((event) => ({ id: event.id, revision: Number(event.revision), position: toPortPosition(event.position, event.id) })),
    );
  }

  private resolveCheck(streamId: string, check: AppendedCheck): AppendResult | undefined {
    if (check.kind === 'conflict') throw new DuplicateEventIdError(check.eventId, streamId);
    return check.kind === 'appended' ? check.result : undefined;
  }

  private async lastRevision(streamId: string): Promise<number> {
    const [last] = await this.readStreamEvents(streamId, BACKWARDS, END, 1);
    return last ? Number(last.revision) : -1;
  }

  /** The position of the event at `revision`: the append answer's own position is not reliably the last event's. */
  private async positionOf(streamId: string, revision: number): Promise<Position> {
    const [event] = await this.readStreamEvents(streamId, FORWARDS, BigInt(revision), 1);
    if (!event || Number(event.revision) !== revision) {
      throw new Error(`EventStoreDB acknowledged an append to ${streamId} up to revision ${revision} but does not return that event.`);
    }
    return toPortPosition(event.position, event.id);
  }

  // --- reads --------------------------------------------------------------------------------------

  /**
   * Reads made on behalf of an append (`leader`) must see the writes the leader acknowledged: a
   * follower may lag, so they require the leader (the client then follows it). Other reads go to
   * whichever node the client is connected to (the leader unless nodePreference says otherwise).
   */
  private async readStreamEvents(
    streamId: string,
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromRevision: typeof ESDB_START | typeof END | bigint,
    maxCount: number | undefined,
    leader = true,
  ): Promise<EsdbRecordedEvent[]> {
    try {
      const resolved = await collect(
        this.client.readStream(streamId, {
          direction,
          fromRevision,
          ...(maxCount !== undefined ? { maxCount } : {}),
          resolveLinkTos: false,
          requiresLeader: leader,
        }),
      );
      return resolved.flatMap((item) => (item.event ? [item.event] : []));
    } catch (error) {
      if (classifyEsdbError(error) === 'stream-not-found') return [];
      throw error;
    }
  }

  private async readAllFrom(start: ReadPosition, maxCount: number, plan: AllFilterPlan): Promise<RecordedEvent[]> {
    const delivered: RecordedEvent[] = [];
    let cursor: ScanCursor = { from: start, last: start === ESDB_START ? undefined : (start as EsdbPosition) };
    for (;;) {
      // One more than wanted: a read from an exact position returns the event there first.
      const want = Math.min(maxCount - delivered.length, READ_ALL_PAGE) + 1;
      const page = await collect(readAllFiltered(this.client, { from: cursor.from, direction: 'forwards', maxCount: want, filter: plan.server }));
      const scanned = scanPage(page, cursor, plan, maxCount - delivered.length);
      delivered.push(...scanned.delivered);
      cursor = scanned.cursor;
      if (delivered.length >= maxCount || page.length < want) return delivered;
    }
  }

  /** The position of the last event written through the port, looking backwards past system events. */
  private async findHead(): Promise<Position> {
    const plan = planAllFilter(undefined);
    let from: 'end' | EsdbPosition = 'end';
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(
        readAllFiltered(this.client, { from, direction: 'backwards', maxCount: HEAD_PAGE, filter: { on: 'event-type', regex: PORT_EVENT_TYPE_REGEX } }),
      );
      for (const { event } of page) {
        if (!event || (from !== 'end' && event.position.commit >= from.commit)) continue;
        if (plan.matches(event.streamId, event.type)) return toPortPosition(event.position, event.id);
        from = event.position;
      }
      if (page.length < HEAD_PAGE) return START;
    }
  }

  // --- plumbing -----------------------------------------------------------------------------------

  /** Runs an operation accepted while open, translating client errors, and lets close() wait for it. */
  private track<T>(where: string, operation: () => Promise<T>): Promise<T> {
    const running = operation().catch((error: unknown) => {
      throw toPortError(error, where);
    });
    this.inFlight.add(running);
    const forget = (): void => void this.inFlight.delete(running);
    running.then(forget, forget);
    return running;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The event store is closed.');
  }
}

/** Where a scan of $all has got to: where to read next, and the last event seen (anything at or before it was already handled). */
export interface ScanCursor {
  readonly from: ReadPosition;
  readonly last: EsdbPosition | undefined;
}

/**
 * Takes what a page of a forward read of $all delivers: events after the cursor's last one (a read
 * from an exact position returns the event there again), matching the whole port filter, at most
 * `room` of them. Every event seen moves the cursor, matching or not.
 */
export function scanPage(
  page: readonly AllStreamResolvedEvent[],
  cursor: ScanCursor,
  plan: Pick<AllFilterPlan, 'matches'>,
  room: number,
): { delivered: RecordedEvent[]; cursor: ScanCursor } {
  const delivered: RecordedEvent[] = [];
  let { from, last } = cursor;
  for (const { event } of page) {
    if (delivered.length >= room) break;
    if (!event || (last !== undefined && event.position.commit <= last.commit)) continue;
    from = event.position;
    last = event.position;
    if (plan.matches(event.streamId, event.type)) delivered.push(toRecordedEvent(event));
  }
  return { delivered, cursor: { from, last } };
}

/** Reads a client stream to its end. The no-op listener keeps a late gRPC error on the stream from crashing the process. */
async function collect<T>(stream: StreamingRead<T>): Promise<T[]> {
  stream.on('error', () => undefined);
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

/** Same rule as the SQLite store: a number expectation must be a revision (-1 means 'no-stream'). */
function checkExpectedRevision(expected: ExpectedRevision | undefined): ExpectedRevision {
  if (expected === 'any' || expected === 'no-stream' || expected === 'stream-exists') return expected;
  if (typeof expected === 'number' && Number.isInteger(expected) && expected >= -1) return expected;
  throw new RangeError(`expectedRevision must be 'any', 'no-stream', 'stream-exists' or a revision >= -1, got ${String(expected)}.`);
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}.`);
  return value;
}
