/**
 * Pure translations between the event-store port and @eventstore/db-client's types: revisions,
 * positions, stream reads and recorded events. No I/O here, so all of it is unit-tested without a
 * server (esdb-mapping.spec.ts).
 *
 * Positions (see docs/decisions/0006-eventstoredb-adapter.md): the port's `Position` is a number;
 * EventStoreDB's is a pair {commit, prepare} of byte offsets in its transaction log. Every event
 * this adapter writes goes through a gRPC append, which EventStoreDB stores as an implicit
 * transaction whose events are each "self-committed": the server reports them at
 * (commit = prepare = the event's own log position), distinct for every event of a multi-event
 * append and growing with the log. So the commit position alone identifies and orders our events,
 * and a port position `p` converts back to the exact pair {p, p}. Events written by explicit
 * transactions (the legacy TCP API, never by the ledger) share a commit position; the adapter
 * refuses to hand them out rather than break the port's "positions only grow" promise.
 */
import { BACKWARDS, END, FORWARDS, NO_STREAM, START, STREAM_EXISTS, ANY } from '@eventstore/db-client';
import type {
  AppendExpectedRevision,
  CurrentRevision,
  Direction,
  EventData,
  JSONType,
  Position as EsdbPosition,
  ReadPosition,
  ReadRevision,
  RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type { SerializedEvent } from '../append-validation';
import { START as PORT_START } from '../port';
import type { ExpectedRevision, Position, ReadStreamOptions, RecordedEvent } from '../port';

/** The port's expected revision in the client's terms (a revision of -1 is the port's spelling of no-stream). */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      return expected === -1 ? NO_STREAM : BigInt(expected);
  }
}

/** The stream's actual revision reported by a WrongExpectedVersionError, as the port counts it (-1: no stream). */
export function fromEsdbCurrentRevision(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : toSafeNumber(current, 'stream revision');
}

/**
 * The port position of an event EventStoreDB reported at `position`. Throws when the event has no
 * position (servers before 22.6 leave it out of stream reads), when it was written by an explicit
 * transaction (commit ≠ prepare), or when the offset does not fit a JavaScript number (9 PB of log).
 */
export function toPortPosition(position: EsdbPosition | undefined, eventId: string): Position {
  if (position === undefined) {
    throw new Error(`EventStoreDB returned event ${eventId} without its log position: the ledger needs EventStoreDB 22.10 or later.`);
  }
  if (position.commit !== position.prepare) {
    throw new Error(
      `Event ${eventId} was written by an explicit transaction (commit ${position.commit} ≠ prepare ${position.prepare}); ` +
        'the ledger only reads events appended one request at a time.',
    );
  }
  return toSafeNumber(position.commit, 'log position');
}

/** Where to start reading or subscribing to $all strictly after the port position `after`. */
export function toEsdbReadPosition(after: Position): ReadPosition {
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`after must be a non-negative integer position, got ${after}.`);
  return after === PORT_START ? START : exactPosition(after);
}

/** The {commit, prepare} pair of a port position (see the header: commit = prepare for our events). */
export function exactPosition(position: Position): EsdbPosition {
  return { commit: BigInt(position), prepare: BigInt(position) };
}

/** A stream read in the client's terms, or `empty` when the port's options can only read nothing. */
export type StreamReadPlan =
  | { readonly kind: 'empty' }
  | { readonly kind: 'read'; readonly direction: Direction; readonly fromRevision: ReadRevision; readonly maxCount?: number };

export function planStreamRead(options: ReadStreamOptions): StreamReadPlan {
  const backwards = options.direction === 'backwards';
  if (options.maxCount !== undefined && (!Number.isInteger(options.maxCount) || options.maxCount < 0)) {
    throw new RangeError(`maxCount must be a non-negative integer, got ${options.maxCount}.`);
  }
  if (options.fromRevision !== undefined && !Number.isInteger(options.fromRevision)) {
    throw new RangeError(`fromRevision must be an integer, got ${options.fromRevision}.`);
  }
  if (options.maxCount === 0) return { kind: 'empty' };
  let fromRevision: ReadRevision;
  if (options.fromRevision === undefined) fromRevision = backwards ? END : START;
  else if (options.fromRevision < 0) {
    // Below the first revision: forwards that is the whole stream, backwards nothing (as in SQLite).
    if (backwards) return { kind: 'empty' };
    fromRevision = START;
  } else fromRevision = BigInt(options.fromRevision);
  return {
    kind: 'read',
    direction: backwards ? BACKWARDS : FORWARDS,
    fromRevision,
    ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
  };
}

/** A validated, serialized event as the client sends it: JSON content, our id, metadata as its exact bytes. */
export function toEventData(event: SerializedEvent): EventData {
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    // The client JSON.stringify-s `data` itself; parsing our own serialization gives back exactly it.
    data: JSON.parse(event.data) as JSONType,
    // A plain Uint8Array (not a Buffer) is sent as is, byte for byte.
    metadata: Uint8Array.from(Buffer.from(event.metadata, 'utf8')),
  };
}

/** An event as EventStoreDB recorded it, in the port's shape. */
export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  return {
    id: event.id.toLowerCase(),
    streamId: event.streamId,
    revision: toSafeNumber(event.revision, 'stream revision'),
    position: toPortPosition(event.position, event.id),
    type: event.type,
    data: decodeData(event.data),
    metadata: decodeMetadata(event.metadata),
    recordedAt: event.created.toISOString(),
  };
}

/**
 * JSON events arrive parsed by the client. Anything written as bytes by another tool is decoded as
 * UTF-8 JSON when it is JSON, else handed over as its text (the ledger never writes such events).
 */
export function decodeData(data: unknown): unknown {
  if (!(data instanceof Uint8Array)) return data;
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The port's metadata is always an object: absent or non-object metadata reads as `{}`. */
export function decodeMetadata(metadata: unknown): Readonly<Record<string, unknown>> {
  const decoded = decodeData(metadata);
  return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : {};
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`EventStoreDB ${what} ${value} does not fit the port's number type.`);
  }
  return Number(value);
}
