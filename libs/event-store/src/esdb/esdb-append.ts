/**
 * Pure parts of an append to EventStoreDB: how big the server counts it, and whether its event ids
 * are already in the stream (a retried append). Unit-tested in esdb-append.spec.ts.
 */
import { InvalidEventError } from '../port';
import type { AppendResult, Position } from '../port';
import type { SerializedEvent } from '../append-validation';

/** EventStoreDB's default MaxAppendSize: the most one append request may carry (1 MiB). */
export const ESDB_MAX_APPEND_BYTES = 1024 * 1024;

/**
 * The size EventStoreDB charges an event against MaxAppendSize: data and metadata bytes plus twice
 * the type's length (its "size on disk"; older servers counted less, never more).
 */
export function esdbEventBytes(event: Pick<SerializedEvent, 'type' | 'data' | 'metadata'>): number {
  return Buffer.byteLength(event.data, 'utf8') + Buffer.byteLength(event.metadata, 'utf8') + event.type.length * 2;
}

export function esdbAppendBytes(events: readonly Pick<SerializedEvent, 'type' | 'data' | 'metadata'>[]): number {
  return events.reduce((total, event) => total + esdbEventBytes(event), 0);
}

/**
 * A port append is atomic, so one that EventStoreDB would refuse as a whole is refused here, before
 * anything is written, rather than split into several requests (which could half-succeed).
 */
export function assertAppendFits(streamId: string, events: readonly SerializedEvent[], maxAppendBytes: number): void {
  const bytes = esdbAppendBytes(events);
  if (bytes > maxAppendBytes) {
    throw new InvalidEventError(
      'too-large',
      `The append of ${events.length} event(s) to ${streamId} is ${bytes} bytes as EventStoreDB counts them; ` +
        `one append may carry at most ${maxAppendBytes} (its MaxAppendSize). Append fewer events at a time.`,
    );
  }
}

/** A stored event as far as the idempotency check cares. */
export interface StoredPlace {
  readonly id: string;
  readonly revision: number;
  readonly position: Position;
}

export type AppendedCheck =
  /** None of the ids is in the stream's recent events. */
  | { readonly kind: 'absent' }
  /** All of them are, consecutively and in order: the append already happened, here is its result. */
  | { readonly kind: 'appended'; readonly result: AppendResult }
  /** Some are, or in another order or place: the append can neither be replayed nor written. */
  | { readonly kind: 'conflict'; readonly eventId: string };

/**
 * Whether an append of `ids` (lower-case, distinct) already happened in a stream whose recent events
 * are `recent` (any order). Same rule as the SQLite store: replayed when every id is stored at
 * consecutive revisions in the same order; a conflict when only some are, or elsewhere.
 */
export function checkAlreadyAppended(ids: readonly string[], recent: readonly StoredPlace[]): AppendedCheck {
  const byId = new Map(recent.map((place) => [place.id.toLowerCase(), place]));
  const places = ids.map((id) => byId.get(id));
  const firstFound = places.findIndex((place) => place !== undefined);
  if (firstFound === -1) return { kind: 'absent' };
  const first = places[0];
  const consecutive = first !== undefined && places.every((place, i) => place !== undefined && place.revision === first.revision + i);
  if (!consecutive) return { kind: 'conflict', eventId: ids[firstFound]! };
  const last = places[places.length - 1]!;
  return { kind: 'appended', result: { nextExpectedRevision: last.revision, position: last.position } };
}
