/**
 * Exponential back-off with jitter, for reopening a dropped subscription: the first retry comes
 * quickly (a leader change in a cluster takes a moment), later ones spread out up to a ceiling so a
 * long outage costs a few attempts a minute, and the jitter keeps many ledger instances that lost
 * the same server from reconnecting in lockstep.
 */
export interface BackoffOptions {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** No delay exceeds this. */
  readonly maxMs: number;
  /** Each retry waits this many times longer than the one before. */
  readonly factor: number;
  /** Fraction (0–1) of the delay that is randomized around it: 0.2 → ±20 %. */
  readonly jitter: number;
}

export const DEFAULT_RESUBSCRIBE_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 30_000, factor: 2, jitter: 0.2 };

/** The delay before retry number `attempt` (0 for the first), given a random number in [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_RESUBSCRIBE_BACKOFF, random: () => number = Math.random): number {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`attempt must be a non-negative integer, got ${attempt}.`);
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** attempt);
  const spread = base * options.jitter;
  return Math.min(options.maxMs, Math.max(0, Math.round(base - spread + 2 * spread * random())));
}

/** Checks user-supplied options (a factor below 1 would shrink the delays, a jitter above 1 could go negative). */
export function backoffOptions(overrides: Partial<BackoffOptions> = {}): BackoffOptions {
  const options = { ...DEFAULT_RESUBSCRIBE_BACKOFF, ...overrides };
  if (!(options.initialMs > 0) || !(options.maxMs >= options.initialMs) || !(options.factor >= 1) || !(options.jitter >= 0 && options.jitter <= 1)) {
    throw new RangeError(`Invalid back-off ${JSON.stringify(options)}: need 0 < initialMs <= maxMs, factor >= 1, 0 <= jitter <= 1.`);
  }
  return options;
}
