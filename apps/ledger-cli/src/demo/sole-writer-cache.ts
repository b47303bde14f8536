import {
  type AppendOptions,
  type AppendResult,
  type NewEvent,
  type ReadStreamOptions,
  type RecordedEvent,
  type SqliteEventStore,
  deepFreeze,
  storeWithOverrides,
} from '@ledger/event-store';

/**
 * Whole-stream reads for the demo generator, the only writer of the store while it fills it. The
 * store must be empty when it is wrapped (the generator checks), so a stream never appended to
 * through the wrapper does not exist, and reading one (a command about to create it) needs no trip
 * to the store.
 *
 * Every demo command reads its own stream and the acting partner's from the start, and each read
 * through the shared StreamReadCache (libs/event-store) still asks the store twice — the log's head
 * position, then the stream's tail — because there another process may have appended meanwhile.
 * Profiling a 100k-event demo put a fifth of the generator's CPU in those reads. Here nobody else
 * writes (the generator only fills an empty store, and a demo store is not served while it is
 * filled), so a stream holds exactly what was read from it plus what was appended to it through
 * this wrapper since: both are remembered, and a whole-stream read of a remembered stream is
 * answered from memory without asking the store.
 *
 * Appended events are remembered as the store keeps them: the id, type, revisions and positions the
 * append was given and assigned (the embedded store gives one append's events consecutive
 * positions: consecutive rows of one transaction), data and metadata as the JSON the store wrote (a
 * copy, parsed back). The one field the store assigns that an append
 * does not return is `recordedAt`; remembered events carry the time the append was acknowledged,
 * which can differ from the stored stamp by the wait for the group commit. Commands never read it
 * (they take times from `metadata.occurredAt`), and nothing but the commands reads these events.
 *
 * Anything unexpected makes the wrapper forget the stream, so its next read goes to the store: a
 * failed append (a concurrency conflict, a refused event), a replayed append (answered with its
 * original result: a position not above every earlier append's), an append whose result does not
 * follow the remembered revision, a read with a direction, start or limit. Should
 * another writer append anyway, a command's own stream cannot silently go stale: its append names
 * the revision it read and fails, and the retry reads the store. At most `maxEvents` events are
 * kept, least recently used streams forgotten first; remembered events are frozen and every read
 * gets its own array.
 */
export function withSoleWriterCache<S extends SqliteEventStore>(store: S, maxEvents: number): S {
  const cache = new SoleWriterCache(store, maxEvents);
  return storeWithOverrides(store, {
    readStream: (streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> => cache.readStream(streamId, options),
    append: (streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> => cache.append(streamId, events, options),
  });
}

class SoleWriterCache {
  /** Remembered streams, least recently used first (a Map keeps insertion order). */
  private readonly streams = new Map<string, RecordedEvent[]>();
  private cachedEvents = 0;
  /** Appends under way, per stream. */
  private readonly appending = new Map<string, number>();
  /**
   * Store reads under way, per stream, and whether an append to the stream overlapped them: such a
   * read may or may not include the append, so it is returned but not remembered.
   */
  private readonly reading = new Map<string, { readers: number; overlapped: boolean }>();
  /** The highest position an append through this wrapper was given. */
  private highest = 0;
  /** Every stream appended to through this wrapper (remembered or not). */
  private readonly written = new Set<string>();

  constructor(
    private readonly inner: SqliteEventStore,
    /** Events kept over all streams before the least recently used streams are forgotten. */
    private readonly maxEvents: number,
  ) {}

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const whole = options === undefined || ((options.direction ?? 'forwards') === 'forwards' && options.fromRevision === undefined && options.maxCount === undefined);
    if (!whole) return this.inner.readStream(streamId, options);
    const known = this.streams.get(streamId);
    if (known !== undefined) {
      this.keep(streamId, known);
      return known.slice();
    }
    if (!this.written.has(streamId)) return [];
    let read = this.reading.get(streamId);
    if (read === undefined) this.reading.set(streamId, (read = { readers: 0, overlapped: false }));
    read.readers += 1;
    if (this.appending.has(streamId)) read.overlapped = true;
    let events: RecordedEvent[];
    try {
      events = await this.inner.readStream(streamId);
    } finally {
      read.readers -= 1;
      if (read.readers === 0) this.reading.delete(streamId);
    }
    if (read.overlapped) return events;
    // Another read of this stream may have finished first: the answers are the same.
    for (const event of events) deepFreeze(event);
    this.keep(streamId, events);
    return events.slice();
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    // Serialized now, as the store does (it copies what it is given before the append settles).
    const copies = events.map((event) => ({ id: event.id.toLowerCase(), type: event.type, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) }));
    this.written.add(streamId);
    this.appending.set(streamId, (this.appending.get(streamId) ?? 0) + 1);
    const read = this.reading.get(streamId);
    if (read !== undefined) read.overlapped = true;
    let result: AppendResult;
    try {
      result = await this.inner.append(streamId, events, options);
    } catch (error) {
      this.forget(streamId);
      throw error;
    } finally {
      const count = this.appending.get(streamId)! - 1;
      if (count === 0) this.appending.delete(streamId);
      else this.appending.set(streamId, count);
    }
    // Nobody else writes, so a new append lands above every earlier one: a result at or below the
    // highest position is the store answering a replayed append with its original result.
    if (result.position <= this.highest) {
      this.forget(streamId);
      return result;
    }
    this.highest = result.position;
    const known = this.streams.get(streamId) ?? (options.expectedRevision === 'no-stream' || options.expectedRevision === -1 ? [] : undefined);
    const firstRevision = result.nextExpectedRevision - copies.length + 1;
    if (known === undefined || firstRevision !== known.length) {
      this.forget(streamId);
      return result;
    }
    const recordedAt = new Date().toISOString();
    const firstPosition = result.position - copies.length + 1;
    const appended = copies.map(
      (copy, index): RecordedEvent =>
        deepFreeze({
          id: copy.id,
          streamId,
          revision: firstRevision + index,
          position: firstPosition + index,
          type: copy.type,
          data: JSON.parse(copy.data) as unknown,
          metadata: JSON.parse(copy.metadata) as Record<string, unknown>,
          recordedAt,
        }),
    );
    this.keep(streamId, known.concat(appended));
    return result;
  }

  /** Makes `events` the stream's most recently used entry (a stream longer than the budget is not kept). */
  private keep(streamId: string, events: RecordedEvent[]): void {
    const previous = this.streams.get(streamId);
    if (previous !== undefined) {
      this.streams.delete(streamId);
      this.cachedEvents -= previous.length;
    }
    // A stream that does not exist yet is about to be created: its creating append remembers it.
    if (events.length === 0 || events.length > this.maxEvents) return;
    this.streams.set(streamId, events);
    this.cachedEvents += events.length;
    for (const [oldest, evicted] of this.streams) {
      if (this.cachedEvents <= this.maxEvents) break;
      this.streams.delete(oldest);
      this.cachedEvents -= evicted.length;
    }
  }

  private forget(streamId: string): void {
    const previous = this.streams.get(streamId);
    if (previous === undefined) return;
    this.streams.delete(streamId);
    this.cachedEvents -= previous.length;
  }
}
