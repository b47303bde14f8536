import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '@ledger/event-store';

/**
 * An EventStore decorator for the demo generator: remembers whole-stream reads, so the partner
 * streams every customer command loads (for roles, approval and cloud) are read and parsed once
 * instead of on every command. Profiling the generator showed stream reads and their JSON parsing
 * at about a third of its time.
 *
 * Exact as long as this decorator sees every write to the file: an append through it forgets the
 * stream's entry (before and after), and a refused append too (another writer may have appended,
 * which is what a concurrency error says). The demo refuses to run on a non-empty store, and its
 * commands are the only writers while it runs. The least recently used streams are forgotten
 * beyond `capacity`, so memory stays bounded however large the demo is.
 */
export class StreamReadCache implements EventStore {
  private readonly streams = new Map<string, readonly RecordedEvent[]>();

  constructor(
    private readonly inner: EventStore,
    private readonly capacity = 5_000,
  ) {}

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const whole = options === undefined || (options.direction ?? 'forwards') === 'forwards' && options.fromRevision === undefined && options.maxCount === undefined;
    if (!whole) return this.inner.readStream(streamId, options);
    const cached = this.streams.get(streamId);
    if (cached) {
      // Most recently used last in the map's order.
      this.streams.delete(streamId);
      this.streams.set(streamId, cached);
      return cached.slice();
    }
    const events = await this.inner.readStream(streamId);
    // Only streams that exist: a missing stream is usually about to be created.
    if (events.length > 0) {
      this.streams.set(streamId, events);
      if (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value!);
    }
    return events.slice();
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.streams.delete(streamId);
    try {
      return await this.inner.append(streamId, events, options);
    } finally {
      this.streams.delete(streamId);
    }
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  headPosition(): Promise<Position> {
    return this.inner.headPosition();
  }

  subscribeToAll(options?: SubscribeOptions): AllSubscription {
    return this.inner.subscribeToAll(options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
