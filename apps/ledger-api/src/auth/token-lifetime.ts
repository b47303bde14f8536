const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Reads a token lifetime: seconds, or a number with a unit s, m, h or d. */
export function durationInSeconds(ttl: string | number): number {
  if (typeof ttl === 'number') {
    if (!Number.isSafeInteger(ttl) || ttl <= 0) throw new RangeError(`A token lifetime must be a positive whole number of seconds, got ${ttl}.`);
    return ttl;
  }
  const match = DURATION.exec(ttl.trim());
  const seconds = match ? Number(match[1]) * SECONDS_PER_UNIT[(match[2] ?? 's') as keyof typeof SECONDS_PER_UNIT] : NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new RangeError(`A token lifetime looks like 3600, 90s, 30m, 1h or 7d; got "${ttl}".`);
  }
  return seconds;
}
