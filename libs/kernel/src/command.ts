import type { Actor } from './actor';

/**
 * Everything a decider may need that is not state: time, ids and the actor come in with the
 * command and never from inside `decide`, so deciders stay pure and replayable.
 */
export interface CommandContext {
  /** Unique per command; the ledger derives generated ids (request, invitation) and event ids from it. */
  readonly commandId: string;
  readonly correlationId: string;
  /** What caused this command (an upstream event or request); defaults to the command id. */
  readonly causationId?: string;
  readonly actor: Actor;
  /** The command's time, ISO 8601 UTC. */
  readonly now: string;
}

/** A command: an imperative request, decided against one stream's state. */
export interface Command<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  readonly context: CommandContext;
}
