import { fold } from '@ledger/kernel';
import type { CommandContext, DomainEvent, EventMetadata } from '@ledger/kernel';
import { v5 as uuidV5 } from 'uuid';
import { chainEvents } from './integrity/chain';
import { ConcurrencyError } from './port';
import { LEDGER_UPCASTERS } from './upcasting/ledger-upcasters';
import type { EventStore, ExpectedRevision, NewEvent, Position } from './port';

export interface CommandSpec<S, E extends DomainEvent> {
  streamId: string;
  initialState: S;
  evolve: (state: S, event: E) => S;
  /** Gets the folded state; may load other streams (it runs again on every retry); throws DomainError to refuse. */
  decide: (state: S, stream: { revision: number /* -1 when the stream does not exist */ }) => readonly E[] | Promise<readonly E[]>;
  context: CommandContext;
  maxRetries?: number; // default 5, then the ConcurrencyError is rethrown
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
 * start again from the read, at most `maxRetries` times, then let the error through (the API answers
 * 409 concurrency-conflict). If `decide` returns no events nothing is appended.
 *
 * Every appended event's metadata carries `integrity` (see integrity/chain.ts): its hash, chained
 * to the stream's previous event. A retried command whose events are already stored (same ids)
 * gets the original append's result back from the store, whatever this attempt's chain says.
 */
export async function handleCommand<S, E extends DomainEvent>(store: EventStore, spec: CommandSpec<S, E>): Promise<CommandResult<E>> {
  const maxRetries = spec.maxRetries ?? DEFAULT_MAX_RETRIES;
  for (let retry = 0; ; retry += 1) {
    const recorded = await store.readStream(spec.streamId);
    const last = recorded[recorded.length - 1];
    const revision = last?.revision ?? -1;
    const state = fold(
      spec.evolve,
      spec.initialState,
      recorded.map((event) => ({ type: event.type, data: event.data }) as E),
    );
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
    }
  }
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
