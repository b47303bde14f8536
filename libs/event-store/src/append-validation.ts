/**
 * Checks an append before any adapter touches its database, so every adapter refuses the same
 * malformed input with the same `InvalidEventError` reason and writes nothing.
 *
 * The rules (the contract suite checks each of them):
 * - stream names match `STREAM_NAME_PATTERN`: a letter, then up to 199 letters, digits or `_ . : -`.
 *   Names starting with `$` are reserved for the store's own streams (EventStoreDB's `$all`,
 *   `$ce-…`), which the pattern rules out by requiring a leading letter;
 * - event ids are UUIDs (any version), stored in lower case so `A…` and `a…` are one id;
 * - event types match the same pattern as stream names;
 * - `data` and `metadata` are strict JSON: null, booleans, finite numbers, strings, arrays and plain
 *   objects. Functions, symbols, BigInt, NaN/±Infinity, cycles, `undefined` at the top or inside an
 *   array, and class instances (Date, Map, Set…, whose JSON form silently loses information) are
 *   refused. An object property whose value is `undefined` is an absent optional field and is
 *   omitted, as JSON.stringify does. `metadata` must be an object;
 * - an event's `data` plus `metadata`, serialized, may not exceed `MAX_EVENT_BYTES` (1 MiB);
 * - an append carries at least one event (an empty append has no position to return);
 * - the same id may not appear twice in one append (it cannot be stored at two revisions).
 */
import { DuplicateEventIdError, InvalidEventError } from './port';
import type { NewEvent } from './port';

/** Stream names: a leading letter (so `$…` system names are impossible), then at most 199 of `[A-Za-z0-9_.:-]`. */
export const STREAM_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,199}$/;

/** Event type names follow the same rule as stream names. */
export const EVENT_TYPE_PATTERN = STREAM_NAME_PATTERN;

/** A UUID in its textual form, any version (validated as text: the store does not care how it was made). */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Largest serialized `data` + `metadata` of one event, in UTF-8 bytes. */
export const MAX_EVENT_BYTES = 1024 * 1024;

/** Deeper nesting than this is refused as not-json (it would overflow the stack of readers). */
export const MAX_JSON_DEPTH = 512;

/** An event that passed validation, with its JSON already serialized. */
export interface SerializedEvent {
  /** Lower-case UUID. */
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

export function assertValidStreamName(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || !STREAM_NAME_PATTERN.test(streamId)) {
    throw new InvalidEventError(
      'stream-name',
      `Stream name ${JSON.stringify(String(streamId))} is invalid: it must match ${STREAM_NAME_PATTERN} ` +
        '(names starting with "$" are reserved).',
    );
  }
}

/** Validates and serializes a whole append; throws InvalidEventError or DuplicateEventIdError. */
export function serializeAppend(streamId: string, events: readonly NewEvent[]): SerializedEvent[] {
  assertValidStreamName(streamId);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventError('empty', `An append to ${streamId} must carry at least one event.`);
  }
  const seen = new Set<string>();
  return events.map((event, index) => {
    const serialized = serializeEvent(event, index);
    if (seen.has(serialized.id)) throw new DuplicateEventIdError(serialized.id, streamId);
    seen.add(serialized.id);
    return serialized;
  });
}

function serializeEvent(event: NewEvent, index: number): SerializedEvent {
  const where = `event #${index}`;
  if (typeof event !== 'object' || event === null) {
    throw new InvalidEventError('not-json', `${where} is not an object.`);
  }
  if (typeof event.id !== 'string' || !UUID_PATTERN.test(event.id)) {
    throw new InvalidEventError('event-id', `${where} has id ${JSON.stringify(String(event.id))}, which is not a UUID.`);
  }
  if (typeof event.type !== 'string' || !EVENT_TYPE_PATTERN.test(event.type)) {
    throw new InvalidEventError(
      'event-type',
      `${where} has type ${JSON.stringify(String(event.type))}, which must match ${EVENT_TYPE_PATTERN}.`,
    );
  }
  if (!isPlainObject(event.metadata)) {
    throw new InvalidEventError('not-json', `${where} (${event.type}): metadata must be a plain object.`);
  }
  assertStrictJson(event.data, `${where} (${event.type}) data`);
  assertStrictJson(event.metadata, `${where} (${event.type}) metadata`);
  const data = JSON.stringify(event.data);
  const metadata = JSON.stringify(event.metadata);
  // A UTF-16 code unit takes at most 3 UTF-8 bytes, so short strings skip the exact count.
  if ((data.length + metadata.length) * 3 > MAX_EVENT_BYTES) {
    const bytes = Buffer.byteLength(data, 'utf8') + Buffer.byteLength(metadata, 'utf8');
    if (bytes > MAX_EVENT_BYTES) {
      throw new InvalidEventError(
        'too-large',
        `${where} (${event.type}) is ${bytes} bytes of JSON; the limit is ${MAX_EVENT_BYTES} (1 MiB).`,
      );
    }
  }
  return { id: event.id.toLowerCase(), type: event.type, data, metadata };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Throws InvalidEventError('not-json') naming the path of the first value JSON cannot carry faithfully. */
function assertStrictJson(root: unknown, label: string): void {
  const problem = findJsonProblem(root, [], 0);
  if (problem) throw new InvalidEventError('not-json', `${label}${problem}.`);
}

/**
 * Describes the first non-JSON value under `value` as "<path below value>: <why>", or returns
 * undefined. It runs on every append, so the happy path allocates nothing but the ancestors stack
 * (cycle detection); paths are only built on the way back from a problem.
 */
function findJsonProblem(value: unknown, ancestors: object[], depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `: ${String(value)} is not a JSON number`;
    case 'object':
      break;
    default:
      // undefined, function, symbol, bigint
      return `: a ${typeof value} is not JSON`;
  }
  if (value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH) return `: nesting deeper than ${MAX_JSON_DEPTH} levels`;
  if (ancestors.includes(value)) return ': a cycle is not JSON';
  let problem: string | undefined;
  ancestors.push(value);
  if (Array.isArray(value)) {
    // An index loop, not forEach, so holes of sparse arrays are seen (as undefined) and refused.
    for (let i = 0; i < value.length; i += 1) {
      problem = findJsonProblem(value[i] as unknown, ancestors, depth + 1);
      if (problem) {
        problem = `[${i}]${problem}`;
        break;
      }
    }
  } else if (isPlainObject(value)) {
    for (const key in value) {
      const item = value[key];
      // An own property set to undefined is an absent optional field (JSON.stringify drops it).
      if (item === undefined || !Object.prototype.hasOwnProperty.call(value, key)) continue;
      problem = findJsonProblem(item, ancestors, depth + 1);
      if (problem) {
        problem = `.${key}${problem}`;
        break;
      }
    }
  } else {
    const kind = (value.constructor as { name?: string } | undefined)?.name ?? 'object';
    problem = `: a ${kind} instance is not plain JSON (convert it, e.g. a Date to an ISO string)`;
  }
  ancestors.pop();
  return problem;
}
