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
} from '../port';
import { type Upcaster, UpcasterRegistry } from './upcaster';

/**
 * An EventStore that reads every event in its type's current shape: `readStream`, `readAll` and
 * `subscribeToAll` pass what they return through the registry's upcasters; appends, the head and
 * closing go straight to the wrapped store. Wrap the store once where the process opens it, and
 * deciders, projections and the SSE stream all see the same, current shapes.
 *
 *   const store = withUpcasting(createSqliteEventStore({ path }), LEDGER_UPCASTERS);
 */
export function withUpcasting(store: EventStore, upcasters: UpcasterRegistry | readonly Upcaster[]): EventStore {
  const registry = upcasters instanceof UpcasterRegistry ? upcasters : new UpcasterRegistry(upcasters);
  if (registry.isEmpty) return store;
  return new UpcastingEventStore(store, registry);
}

class UpcastingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly registry: UpcasterRegistry,
  ) {}

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.inner.append(streamId, events, options);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(streamId, options)).map((event) => this.registry.upcast(event));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readAll(options)).map((event) => this.registry.upcast(event));
  }

  headPosition(): Promise<Position> {
    return this.inner.headPosition();
  }

  subscribeToAll(options?: SubscribeOptions): AllSubscription {
    return new UpcastingSubscription(this.inner.subscribeToAll(options), this.registry);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The wrapped subscription, one event at a time: it keeps the inner one's pull-based back-pressure. */
class UpcastingSubscription implements AllSubscription, AsyncIterator<RecordedEvent> {
  private readonly iterator: AsyncIterator<RecordedEvent>;

  constructor(
    private readonly inner: AllSubscription,
    private readonly registry: UpcasterRegistry,
  ) {
    this.iterator = inner[Symbol.asyncIterator]();
  }

  get fetchedCount(): number {
    return this.inner.fetchedCount;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    const result = await this.iterator.next();
    return result.done ? result : { done: false, value: this.registry.upcast(result.value) };
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.inner.close();
    return { done: true, value: undefined };
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
