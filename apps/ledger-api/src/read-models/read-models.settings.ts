import { ConfigError, readBooleanSetting, readIntegerSetting } from '../config/config';

/** How the read side behaves; read once at startup from the environment. */
export interface ReadModelsSettings {
  /**
   * How long a read with `?minPosition=` waits for the read models to include that position
   * before answering 503 `read-model-behind` (api.md, Reads: up to 5 s).
   */
  readonly minPositionWaitMs: number;
  /**
   * Whether the projection runner runs in a worker thread (default), using a second core while
   * this thread serves HTTP, or in this thread (`LEDGER_PROJECTIONS_IN_WORKER=false`: one thread,
   * as before, e.g. to profile everything in one place).
   */
  readonly projectionsInWorker: boolean;
}

export const READ_MODELS_DEFAULTS: ReadModelsSettings = { minPositionWaitMs: 5_000, projectionsInWorker: true };

/** Injection token of the resolved ReadModelsSettings. */
export const READ_MODELS_SETTINGS = Symbol('READ_MODELS_SETTINGS');

/**
 * Reads `LEDGER_MIN_POSITION_WAIT_MS` (0 … 60000; default 5000) and `LEDGER_PROJECTIONS_IN_WORKER`
 * (true or false; default true). An invalid value stops startup with a ConfigError naming it.
 */
export function loadReadModelsSettings(env: Readonly<Record<string, string | undefined>>): ReadModelsSettings {
  const problems: string[] = [];
  const minPositionWaitMs = readIntegerSetting(env, 'LEDGER_MIN_POSITION_WAIT_MS', READ_MODELS_DEFAULTS.minPositionWaitMs, 0, 60_000, problems);
  const projectionsInWorker = readBooleanSetting(env, 'LEDGER_PROJECTIONS_IN_WORKER', READ_MODELS_DEFAULTS.projectionsInWorker, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { minPositionWaitMs, projectionsInWorker };
}
