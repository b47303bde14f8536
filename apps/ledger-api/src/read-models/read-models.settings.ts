import { ConfigError } from '../config/config';

/** How the read side behaves; read once at startup from the environment. */
export interface ReadModelsSettings {
  /**
   * How long a read with `?minPosition=` waits for the read models to include that position
   * before answering 503 `read-model-behind` (api.md, Reads: up to 5 s).
   */
  readonly minPositionWaitMs: number;
}

export const READ_MODELS_DEFAULTS: ReadModelsSettings = { minPositionWaitMs: 5_000 };

/** Injection token of the resolved ReadModelsSettings. */
export const READ_MODELS_SETTINGS = Symbol('READ_MODELS_SETTINGS');

/**
 * Reads `LEDGER_MIN_POSITION_WAIT_MS` (0 … 60000; default 5000). An invalid value stops startup
 * with a ConfigError naming it.
 */
export function loadReadModelsSettings(env: Readonly<Record<string, string | undefined>>): ReadModelsSettings {
  const raw = env.LEDGER_MIN_POSITION_WAIT_MS?.trim();
  if (raw === undefined || raw === '') return READ_MODELS_DEFAULTS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 60_000) {
    throw new ConfigError([`LEDGER_MIN_POSITION_WAIT_MS must be an integer from 0 to 60000, got "${raw}".`]);
  }
  return { minPositionWaitMs: value };
}
