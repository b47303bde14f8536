import type { EventStore, Position, ReadStreamOptions, RecordedEvent } from '../port';
import { storeWithOverrides } from '../store-with-overrides';

/** Events kept across all cached streams before the least recently read streams are forgotten. */
export const DEFAULT_CACHED_EVENTS = 10_000;

/** A stream's remembered events and the head position of the log when they were last checked. */
interface Remembered {
  readonly events: readonly RecordedEvent[];
  readonly checkedAt: Position;
}

/**
 * Whole-stream reads without re-reading the whole stream: every command reads its stream from the
 * start (handleCommand folds it) and most also read the acting partner's stream (roles, approval,
 * cloud), as do the authorization checks and as-of reads — the same short streams over and over.
 * Profiling the API under a command load put a seventh of its CPU in those reads (a B-tree lookup
 * and two JSON.parse per event).
 *
 * A stream read from the start is answered from the events remembered for it, checked against the
 * log on every call: when the log's head position has not moved since the stream was last read,
 * nothing was appended anywhere (positions only grow, and every append takes a new one), so the
 * remembered events are the whole stream; otherwise the stream's tail is read from the store —
 * `readStream(id, { fromRevision: remembered })` — and added. Streams only grow and their revisions
 * are contiguous from 0 (the port's contract), so this is exactly what a whole read returns at that
 * moment, whoever appended in between (this process, the CLI, another writer of the same file).
 * Reads with a direction, a start or a limit go to the store unchanged, and so does everything else.
 *
 * Remembered events are frozen (data and metadata included), so no caller can change what another
 * caller reads; every call gets its own array. At most `maxEvents` events are kept; the least
 * recently read streams are forgotten first, and a stream longer than that is never kept.
 */
export class StreamReadCache {
  private readonly streams = new Map<string, Remembered>();
  private cachedEvents = 0;

  constructor(
    private readonly inner: EventStore,
    private readonly maxEvents: number = DEFAULT_CACHED_EVENTS,
  ) {}

  /** Events currently remembered, over all streams (for tests and diagnostics). */
  get size(): number {
    return this.cachedEvents;
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const whole = options === undefined || ((options.direction ?? 'forwards') === 'forwards' && options.fromRevision === undefined && options.maxCount === undefined);
    return whole ? this.readWhole(streamId) : this.inner.readStream(streamId, options);
  }

  private async readWhole(streamId: string): Promise<RecordedEvent[]> {
    // Read before the stream, so the events kept are at least as recent as the head they are kept with.
    const head = await this.inner.headPosition();
    const known = this.streams.get(streamId);
    if (known === undefined) return this.remember(streamId, await this.inner.readStream(streamId), head);
    if (known.checkedAt === head) return this.remember(streamId, known.events, head);
    const tail = await this.inner.readStream(streamId, { fromRevision: known.events.length });
    if (tail.length === 0) return this.remember(streamId, known.events, head);
    if (tail[0]!.revision !== known.events.length) return this.remember(streamId, await this.inner.readStream(streamId), head);
    return this.remember(streamId, known.events.concat(tail), head);
  }

  /** Keeps `events` as the stream's (most recently read) entry and returns a copy for the caller. */
  private remember(streamId: string, events: readonly RecordedEvent[], checkedAt: Position): RecordedEvent[] {
    const previous = this.streams.get(streamId);
    if (previous !== undefined) {
      this.streams.delete(streamId);
      this.cachedEvents -= previous.events.length;
    }
    // A stream that does not exist yet is usually about to be created: nothing to keep.
    if (events.length > 0 && events.length <= this.maxEvents) {
      for (const event of events) deepFreeze(event);
      this.streams.set(streamId, { events, checkedAt });
      this.cachedEvents += events.length;
      for (const [oldest, evicted] of this.streams) {
        if (this.cachedEvents <= this.maxEvents) break;
        this.streams.delete(oldest);
        this.cachedEvents -= evicted.events.length;
      }
    }
    return events.slice();
  }
}

/** Freezes `value` and everything it holds (an object already frozen is taken as frozen throughout); returns it. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

/**
 * `store` with whole-stream reads served through a StreamReadCache; the store keeps its identity
 * (storeWithOverrides).
 */
export function withStreamReadCache<S extends EventStore>(store: S, maxEvents: number = DEFAULT_CACHED_EVENTS): S {
  const cache = new StreamReadCache(store, maxEvents);
  return storeWithOverrides(store, { readStream: (streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> => cache.readStream(streamId, options) });
}
