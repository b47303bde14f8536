import { ConfigError, readBooleanSetting } from '../config/config';

/** How the API verifies its event log in the background; read once at startup from the environment. */
export interface VerificationSettings {
  /**
   * A verification starts this long after the previous one ended (`LEDGER_VERIFY_INTERVAL_MS`,
   * default 1 hour); 0 turns the periodic runs off (the one at startup and those asked for with
   * `?refresh=true` still happen).
   */
  readonly intervalMs: number;
  /** Verify once as soon as the app has started (`LEDGER_VERIFY_ON_START`, default true). */
  readonly onStartup: boolean;
  /** Problems kept per result (all are counted). */
  readonly maxProblems: number;
}

export const VERIFICATION_DEFAULTS: VerificationSettings = {
  intervalMs: 60 * 60 * 1000,
  onStartup: true,
  maxProblems: 1000,
};

/** Injection token of the resolved VerificationSettings. */
export const VERIFICATION_SETTINGS = Symbol('VERIFICATION_SETTINGS');

/**
 * Reads `LEDGER_VERIFY_INTERVAL_MS` (0, or 1000 … 2^31−1) and `LEDGER_VERIFY_ON_START`
 * (true/false); an invalid value stops startup with a ConfigError naming it.
 */
export function loadVerificationSettings(env: Readonly<Record<string, string | undefined>>): VerificationSettings {
  const problems: string[] = [];
  let intervalMs = VERIFICATION_DEFAULTS.intervalMs;
  const rawInterval = env.LEDGER_VERIFY_INTERVAL_MS?.trim();
  if (rawInterval !== undefined && rawInterval !== '') {
    const value = Number(rawInterval);
    // setTimeout cannot wait longer than 2^31−1 ms (about 24.8 days).
    if (!/^\d+$/.test(rawInterval) || (value !== 0 && (value < 1000 || value > 2 ** 31 - 1))) {
      problems.push(`LEDGER_VERIFY_INTERVAL_MS must be 0 (off) or an integer from 1000 to ${2 ** 31 - 1}, got "${rawInterval}".`);
    } else {
      intervalMs = value;
    }
  }
  const onStartup = readBooleanSetting(env, 'LEDGER_VERIFY_ON_START', VERIFICATION_DEFAULTS.onStartup, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { intervalMs, onStartup, maxProblems: VERIFICATION_DEFAULTS.maxProblems };
}
