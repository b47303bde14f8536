/**
 * Event-id claims: how the adapter keeps the port's promise that an event id is stored in one
 * place only (DuplicateEventIdError otherwise), which EventStoreDB does not check across streams.
 *
 * Before an append, every new event id is claimed for the target stream by appending one small
 * event to the id's own claim stream `_ledger-event-id-<id>` with expected revision "no stream".
 * EventStoreDB serializes those writes, so of two appends offering the same id to different
 * streams exactly one claim succeeds; the other finds the claim and refuses with
 * DuplicateEventIdError. A claim that finds its stream already claimed for the SAME target stream
 * means the id was offered there before (a retried append): the adapter then looks for the ids in
 * the stream's recent events and returns the original result instead of writing them again.
 *
 * Claims start with `_`, which no port stream name or event type can (they start with a letter),
 * so reads, subscriptions and the head position never see them (esdb-filters.ts). An id stays
 * reserved for the stream it was first offered to even if that append was then refused (e.g. a
 * concurrency conflict): the ledger derives ids from the command and its target stream, so a
 * later append of the same id elsewhere would be a bug worth refusing.
 */

/** Prefix of the claim streams; `_` keeps them apart from every port stream name. */
export const CLAIM_STREAM_PREFIX = '_ledger-event-id-';

/** Type of the one event in a claim stream. */
export const CLAIM_EVENT_TYPE = '_ledger-event-id-claimed';

/** The claim stream of an event id. */
export function claimStreamOf(eventId: string): string {
  return `${CLAIM_STREAM_PREFIX}${eventId.toLowerCase()}`;
}

/** Data of a claim event. */
export interface ClaimData {
  /** The stream the event id belongs to. */
  readonly streamId: string;
}

/** The stream a claim event names, or undefined when the data is not a claim. */
export function claimedStreamOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const streamId = (data as { streamId?: unknown }).streamId;
  return typeof streamId === 'string' ? streamId : undefined;
}
