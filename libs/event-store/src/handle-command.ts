import { fold } from '@ledger/kernel';
import type { CommandContext, DomainEvent, EventMetadata } from '@ledger/kernel';
import { uuidV5 } from './ids/uuid-v5';
import { chainEvents } from './integrity/chain';
import { ConcurrencyError } from './port';
import { LEDGER_UPCASTERS } from './upcasting/ledger-upcasters';
import type { EventStore, ExpectedRevision, NewEvent, Position, RecordedEvent } from './port';

export interface CommandSpec<S, E extends DomainEvent> {
  streamId: string;
  initialState: S;
  evolve: (state: S, event: E) => S;
  /** Folds the whole stream; must give what `fold(evolve, initialState, events)` gives (default), e.g. faster. */
  fold?: (events: readonly E[]) => S;
  /** Gets the folded state; may load other streams (it runs again on every retry); throws DomainError to refuse. */
  decide: (state: S, stream: { revision: number /* -1 when the stream does not exist */ }) => readonly E[] | Promise<readonly E[]>;
  context: CommandContext;
  /** How often a lost race is retried (default 5), then the ConcurrencyError is rethrown. */
  maxRetries?: number;
  /** The schema version each event is written in; default: the current version in LEDGER_UPCASTERS (1 for types never changed). */
  schemaVersionOf?: (eventType: string) => number;
}

export interface CommandResult<E> {
  events: readonly E[];
  /** Position of the last appended event; when nothing was appended, of the stream's last event (null: no stream). */
  position: Position | null;
  nextExpectedRevision: number;
}

/**
 * Namespace of the ledger's derived event ids (a fixed random UUID). Changing it would make
 * retries of commands issued before the change append their events a second time: never change it.
 */
export const COMMAND_EVENT_ID_NAMESPACE = 'b9b84a16-a82b-4997-93c7-7f5d4fe2c8f6';

/**
 * The id of the `index`-th event a command produces: the same command (same `commandId`) always
 * yields the same ids, so the store recognises a retried command's append and does not store it twice.
 */
export function commandEventId(commandId: string, index: number): string {
  return uuidV5(`${commandId}/${index}`, COMMAND_EVENT_ID_NAMESPACE);
}

const DEFAULT_MAX_RETRIES = 5;

/** Writers record every event in its current shape: the version after the last registered upcaster. */
const currentSchemaVersionOf = (eventType: string): number => LEDGER_UPCASTERS.currentVersionOf(eventType);

/**
 * The context of one step of a command that writes several streams (a reservation, then the
 * command's own stream). `handleCommand` derives event ids from the command id and the event's
 * index, so each step needs its own command id: it is derived deterministically from the command's
 * (a retry after a crash derives the same one, so the step's append stays a no-op), and the command
 * is recorded as the step's cause.
 */
export function stepContext(context: CommandContext, step: string): CommandContext {
  return {
    ...context,
    commandId: uuidV5(`${context.commandId}/${step}`, COMMAND_EVENT_ID_NAMESPACE),
    causationId: context.commandId,
  };
}

/**
 * The write side's command pipeline: read the stream, fold it with `evolve`, `decide`, append with
 * the exact revision that was read. When another writer appended in between (ConcurrencyError),
 * start again from the read, at most `maxRetries` times after a short random pause, then let the
 * error through (the API answers 409 concurrency-conflict). If `decide` returns no events nothing
 * is appended.
 *
 * Commands on one stream run one at a time within this process (a queue per stream and store), so
 * busy streams — many accepts on one customer — do not burn their retries racing each other; the
 * expected revision still guards against other processes writing the same store.
 *
 * A command whose events the stream already holds (a retry after the first attempt was recorded,
 * e.g. after a crash between the append and the client's answer) gets that first result back
 * instead of being decided again against a state that already contains it.
 *
 * Every appended event's metadata carries `integrity` (see integrity/chain.ts): its hash, chained
 * to the stream's previous event.
 */
export function handleCommand<S, E extends DomainEvent>(store: EventStore, spec: CommandSpec<S, E>): Promise<CommandResult<E>> {
  return streamQueue(store).run(spec.streamId, () => decideAndAppend(store, spec));
}

async function decideAndAppend<S, E extends DomainEvent>(store: EventStore, spec: CommandSpec<S, E>): Promise<CommandResult<E>> {
  const maxRetries = spec.maxRetries ?? DEFAULT_MAX_RETRIES;
  for (let retry = 0; ; retry += 1) {
    const recorded = await store.readStream(spec.streamId);
    const earlier = recordedResultOf<E>(recorded, spec.context);
    if (earlier) return earlier;
    const last = recorded[recorded.length - 1];
    const revision = last?.revision ?? -1;
    const streamEvents = recorded.map((event) => ({ type: event.type, data: event.data }) as E);
    const state = spec.fold ? spec.fold(streamEvents) : fold(spec.evolve, spec.initialState, streamEvents);
    const events = await spec.decide(state, { revision });
    if (events.length === 0) {
      return { events, position: last?.position ?? null, nextExpectedRevision: revision };
    }
    const expectedRevision: ExpectedRevision = revision === -1 ? 'no-stream' : revision;
    try {
      // Tamper evidence: the new events extend the stream's hash chain from the event just read.
      // A retry after a conflict reads again, so it chains from the new last event.
      const chained = chainEvents(spec.streamId, last ?? null, toNewEvents(events, spec));
      const result = await store.append(spec.streamId, chained, { expectedRevision });
      return { events, position: result.position, nextExpectedRevision: result.nextExpectedRevision };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || retry >= maxRetries) throw error;
      // Another process won the race: let the contenders spread out before reading again.
      await pause(Math.random() * Math.min(MAX_RETRY_PAUSE_MS, 2 ** retry));
    }
  }
}

/**
 * The result this command already had, if `recorded` (a stream's events) holds its events: they
 * start with the command's first derived event id and follow in order.
 */
export function recordedResultOf<E extends DomainEvent>(recorded: readonly RecordedEvent[], context: CommandContext): CommandResult<E> | null {
  // One id to look for (derived once: deriving it per event made every command hash the whole stream).
  const firstId = commandEventId(context.commandId, 0);
  const first = recorded.findIndex((event) => event.id === firstId);
  if (first === -1) return null;
  let end = first + 1;
  while (end < recorded.length && recorded[end]!.id === commandEventId(context.commandId, end - first)) end += 1;
  const mine = recorded.slice(first, end);
  return {
    events: mine.map((event) => ({ type: event.type, data: event.data }) as E),
    position: mine[mine.length - 1]!.position,
    nextExpectedRevision: mine[mine.length - 1]!.revision,
  };
}

/** `recordedResultOf` for a stream not read yet: for multi-stream commands checking before their first step. */
export async function readRecordedResult<E extends DomainEvent>(store: EventStore, streamId: string, context: CommandContext): Promise<CommandResult<E> | null> {
  return recordedResultOf<E>(await store.readStream(streamId), context);
}

const MAX_RETRY_PAUSE_MS = 20;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs tasks one after another per key; keys with nothing queued hold no memory. */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

const queues = new WeakMap<EventStore, KeyedQueue>();
function streamQueue(store: EventStore): KeyedQueue {
  let queue = queues.get(store);
  if (!queue) queues.set(store, (queue = new KeyedQueue()));
  return queue;
}

function toNewEvents<S, E extends DomainEvent>(events: readonly E[], spec: CommandSpec<S, E>): NewEvent[] {
  const { context } = spec;
  return events.map((event, index) => {
    const metadata: EventMetadata = {
      // Exactly the four fields of domain §6, whatever else the caller's actor object carries.
      actor: { kind: context.actor.kind, tenantId: context.actor.tenantId, userId: context.actor.userId, roles: [...context.actor.roles] },
      commandId: context.commandId,
      correlationId: context.correlationId,
      causationId: context.causationId ?? context.commandId,
      occurredAt: context.now,
      schemaVersion: (spec.schemaVersionOf ?? currentSchemaVersionOf)(event.type),
    };
    return { id: commandEventId(context.commandId, index), type: event.type, data: event.data, metadata };
  });
}
