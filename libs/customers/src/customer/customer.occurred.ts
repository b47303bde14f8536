/** The time fields of a stored event, as an event store returns it. */
export interface StoredEventTimes {
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly recordedAt?: string;
}

/**
 * When a stored customer event happened, in epoch milliseconds: its `metadata.occurredAt` (the
 * command's time, domain §6) if that is a time, else the store's `recordedAt`; NaN if neither is.
 * The authorization check and the as-of query both take an event's time from here.
 */
export function occurredMillisOf(stored: StoredEventTimes): number {
  const stated = stored.metadata['occurredAt'];
  const millis = typeof stated === 'string' ? Date.parse(stated) : Number.NaN;
  if (!Number.isNaN(millis)) return millis;
  return stored.recordedAt === undefined ? Number.NaN : Date.parse(stored.recordedAt);
}
