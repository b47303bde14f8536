import { TEST_JWT_SECRET } from '../../../apps/ledger-api/test/support/tokens';

/*
 * Knobs of the reliability suites. The defaults keep `npm test` quick; the long variants run with
 * LEDGER_CRASH_CYCLES / LEDGER_FUZZ_RUNS / LEDGER_RACE_ROUNDS set higher.
 */

/** A positive integer from the environment, or the default. */
export function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}".`);
  return value;
}

/**
 * The API's environment in these suites: the test signing key, and a rate limit high enough that
 * the suites' few actors, sending thousands of requests, measure the ledger rather than the limiter
 * (rate limiting has its own test in apps/ledger-api/test/lifecycle.int-spec.ts).
 */
export const RELIABILITY_ENV: Readonly<Record<string, string>> = {
  LEDGER_JWT_SECRET: TEST_JWT_SECRET,
  LEDGER_RATE_LIMIT_PER_MINUTE: '10000000',
  LOG_LEVEL: 'warn',
};

/** Prints one figure line for RELIABILITY.md, recognisable in the jest output. */
export function reportFigure(suite: string, figures: Readonly<Record<string, unknown>>): void {
  console.log(`[reliability] ${suite}: ${JSON.stringify(figures)}`);
}
