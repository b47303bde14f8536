import type { Actor } from './actor';

/**
 * A domain event as deciders produce it: plain readonly data in a discriminated union on `type`,
 * named in the past tense. The `type` string is permanent (it is a public contract).
 */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/** The metadata every stored event carries (domain §6). */
export interface EventMetadata {
  readonly actor: Actor;
  /** The command that produced the event; event ids derive from it. */
  readonly commandId: string;
  /** Ties together everything one client request caused (`X-Correlation-Id`). */
  readonly correlationId: string;
  /** The message that caused this one: the command id for events produced by a command. */
  readonly causationId: string;
  /** When the fact happened, ISO 8601 UTC. */
  readonly occurredAt: string;
  /** Version of the event's `data` shape; see docs on schema evolution. */
  readonly schemaVersion: number;
  /** Room for additions (for instance tamper-evidence hashes) without breaking readers. */
  readonly [extra: string]: unknown;
}
