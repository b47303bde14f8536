import type { RecordedEvent } from '@ledger/event-store';
import type { EventMetadata } from '@ledger/kernel';
import type { EventEnvelope } from './event-envelope';

/** The published envelope of a stored event (docs/event-contract.md). */
export function toEnvelope(event: RecordedEvent): EventEnvelope {
  return {
    position: String(event.position),
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.id,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: event.metadata as EventMetadata,
    recordedAt: event.recordedAt,
  };
}

/**
 * One SSE message (WHATWG HTML, "Server-sent events"): `id` = the position, `event` = the type,
 * `data` = the envelope as one line of JSON (JSON.stringify escapes every line break inside
 * strings, so the message cannot be split), then the blank line that ends it.
 */
export function sseMessage(event: RecordedEvent): string {
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(toEnvelope(event))}\n\n`;
}

/** A comment line: ignored by SSE clients, it keeps the connection busy or explains a close. */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** The reconnection delay an EventSource client should use (the `retry` field). */
export function sseRetry(milliseconds: number): string {
  return `retry: ${milliseconds}\n\n`;
}

export const HEARTBEAT = sseComment('heartbeat');
