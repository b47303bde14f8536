import { randomUUID } from 'node:crypto';
import { uuidV5 } from '@ledger/event-store';
import type { Actor, CommandContext } from '@ledger/kernel';

/**
 * Namespace of the command ids derived from an Idempotency-Key. Permanent: changing it would give
 * a retried request, sent across the change, a different command id (and different event ids).
 */
export const IDEMPOTENT_COMMAND_NAMESPACE = '592ace84-9012-4513-8d8a-19f5ae4f3b13';

/** What the HTTP edge knows about a request when it turns it into a command. */
export interface CommandRequestFacts {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly method: string;
  /** The request path (with its query string, if any). */
  readonly path: string;
  /** The `Idempotency-Key` header, when sent. */
  readonly idempotencyKey?: string;
  /** Defaults to the clock; injectable for tests. */
  readonly now?: Date;
}

/**
 * The command id of a request: a fresh UUID, or, when the client sent an Idempotency-Key, a UUID
 * derived from the actor, method, path and key. A retry of the same request therefore carries the
 * same command id, so the ids a decider generates from it (request and invitation ids) and the
 * event ids are the same as the first time: even if the idempotency record were lost, a retried
 * append cannot record the fact twice (the store treats appending the same event ids as a no-op).
 */
export function commandIdFor(facts: Pick<CommandRequestFacts, 'actor' | 'method' | 'path' | 'idempotencyKey'>): string {
  if (facts.idempotencyKey === undefined) return randomUUID();
  const { actor } = facts;
  // Newline-separated: none of the parts can contain one (headers and paths cannot).
  const name = [actor.kind, actor.tenantId, actor.userId, facts.method.toUpperCase(), facts.path, facts.idempotencyKey].join('\n');
  return uuidV5(name, IDEMPOTENT_COMMAND_NAMESPACE);
}

/**
 * The CommandContext of an HTTP request (domain §6 metadata): who, when, which command and which
 * client conversation. Time is taken once, here, and never inside a decider.
 */
export function buildCommandContext(facts: CommandRequestFacts): CommandContext {
  const commandId = commandIdFor(facts);
  return {
    commandId,
    correlationId: facts.correlationId,
    // A command sent over HTTP is caused by the request itself; the command id stands for it.
    causationId: commandId,
    actor: facts.actor,
    now: (facts.now ?? new Date()).toISOString(),
  };
}
