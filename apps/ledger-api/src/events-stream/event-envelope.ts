import type { EventMetadata } from '@ledger/kernel';

/*
 * The published form of one event: what `GET /v1/events/stream` puts in each message's `data:`
 * line, on one line of JSON. contracts/envelope.schema.json is generated from this interface
 * (scripts/generate-contracts.ts), and each event type's `data` has its own schema in
 * contracts/events/. This file imports types only, so the schema generator reads it alone.
 */

/** One event of the ledger's log, as backend services receive it. */
export interface EventEnvelope {
  /**
   * Where the event is in the global log, as a decimal string (positions may exceed what a
   * JSON number holds exactly). Also the SSE message's `id`: send it back as `Last-Event-ID`
   * (or `from=`) to resume just after this event.
   * @pattern ^[0-9]+$
   */
  readonly position: string;
  /** The stream (consistency boundary) the event belongs to, e.g. `customer-{customerId}`; its category is the part before the first `-`. */
  readonly streamId: string;
  /**
   * 0-based place of the event within its stream.
   * @asType integer
   * @minimum 0
   */
  readonly revision: number;
  /**
   * The event's unique id (UUID): the same fact always has the same id, so consumers deduplicate on it.
   * @format uuid
   */
  readonly eventId: string;
  /** The event type, e.g. `ResellerRelationshipEstablished`; also the SSE message's `event`. Permanent. */
  readonly type: string;
  /** The fact itself; its schema is `contracts/events/<type>.schema.json` (in the version `metadata.schemaVersion`). */
  readonly data: Record<string, unknown>;
  /** Who caused the event, when, through which command and request, and the shape version of `data` (domain §6). */
  readonly metadata: EventMetadata;
  /**
   * When the store recorded the event (ISO 8601 UTC); `metadata.occurredAt` is when the fact happened.
   * @format date-time
   */
  readonly recordedAt: string;
}
