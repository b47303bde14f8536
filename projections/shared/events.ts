import type { RecordedEvent } from '@ledger/event-store';
import { occurredAtFieldOf } from '../runner/log-source';

/**
 * When the fact happened: the command's time from the metadata (domain §6), normalised to
 * `YYYY-MM-DDTHH:mm:ss.sssZ` so that stored times compare as strings; the store's time otherwise.
 */
export function occurredAt(event: RecordedEvent): string {
  const stated = occurredAtFieldOf(event);
  return normaliseTime(typeof stated === 'string' ? stated : event.recordedAt) ?? event.recordedAt;
}

/** ISO 8601 in the canonical UTC form, or undefined when it is not a time. */
export function normaliseTime(value: string): string | undefined {
  // Fast path: already canonical (what the ledger writes), no Date round trip needed.
  if (value.length === 24 && value.endsWith('Z') && value[10] === 'T' && value[19] === '.') return value;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
}

/** The event's data as the domain type that its `type` names (the store keeps data as written). */
export function dataOf<T>(event: RecordedEvent): T {
  return event.data as T;
}
