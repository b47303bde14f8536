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
import { validate as isUuid } from 'uuid';
import { DuplicateEventIdError, InvalidEventError } from './port';
import type { NewEvent } from './port';

/** Stream names: a leading letter (so `$…` system names are impossible), then at most 199 of `[A-Za-z0-9_.:-]`. */
export const STREAM_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,199}$/;

/** Event type names follow the same rule as stream names. */
export const EVENT_TYPE_PATTERN = STREAM_NAME_PATTERN;

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
  if (typeof event.id !== 'string' || !isUuid(event.id)) {
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
  const ancestors = new Set<object>();
  const visit = (value: unknown, path: string, depth: number): void => {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(value)) fail(path, `${String(value)} is not a JSON number`);
        return;
      case 'object':
        break;
      default:
        // undefined, function, symbol, bigint
        fail(path, `a ${typeof value} is not JSON`);
    }
    if (value === null) return;
    const container = value as object;
    if (depth >= MAX_JSON_DEPTH) fail(path, `nesting deeper than ${MAX_JSON_DEPTH} levels`);
    if (ancestors.has(container)) fail(path, 'a cycle is not JSON');
    ancestors.add(container);
    if (Array.isArray(container)) {
      // An index loop, not forEach, so holes of sparse arrays are seen (as undefined) and refused.
      for (let i = 0; i < container.length; i += 1) visit(container[i] as unknown, `${path}[${i}]`, depth + 1);
    } else if (isPlainObject(container)) {
      for (const key of Object.keys(container)) {
        const item = container[key];
        if (item !== undefined) visit(item, `${path}.${key}`, depth + 1);
      }
    } else {
      const kind = (container.constructor as { name?: string } | undefined)?.name ?? 'object';
      fail(path, `a ${kind} instance is not plain JSON (convert it, e.g. a Date to an ISO string)`);
    }
    ancestors.delete(container);
  };
  const fail = (path: string, why: string): never => {
    throw new InvalidEventError('not-json', `${label}${path}: ${why}.`);
  };
  visit(root, '', 0);
}
