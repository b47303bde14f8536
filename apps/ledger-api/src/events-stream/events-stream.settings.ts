import { ConfigError } from '../config/config';

/** How the SSE event stream behaves; read once at startup from the environment. */
export interface EventsStreamSettings {
  /** A comment line at least this often keeps proxies and clients from timing out an idle stream (api.md: ≤ 15 s). */
  readonly heartbeatMs: number;
  /**
   * A client that reads nothing for this long while the server has data for it is disconnected
   * with a closing comment; it resumes from its last id. Until then the server stops reading the
   * log for it, so a stalled client costs one socket buffer, never a growing queue.
   */
  readonly congestionTimeoutMs: number;
  /** Events a live subscriber may have waiting in memory; beyond it, it reads the store itself until it catches up. */
  readonly liveQueueCapacity: number;
  /** Events read from the store at a time while a subscriber catches up. */
  readonly catchUpBatchSize: number;
  /** The `retry:` (milliseconds) the stream suggests to EventSource clients for reconnecting. */
  readonly clientRetryMs: number;
}

export const EVENTS_STREAM_DEFAULTS: EventsStreamSettings = {
  heartbeatMs: 15_000,
  congestionTimeoutMs: 30_000,
  liveQueueCapacity: 1_000,
  catchUpBatchSize: 1_000,
  clientRetryMs: 3_000,
};

/** Injection token of the resolved EventsStreamSettings. */
export const EVENTS_STREAM_SETTINGS = Symbol('EVENTS_STREAM_SETTINGS');

/**
 * Reads `LEDGER_SSE_HEARTBEAT_MS` (10 … 15000), `LEDGER_SSE_CONGESTION_TIMEOUT_MS` (100 … 600000),
 * `LEDGER_SSE_LIVE_QUEUE` (1 … 1000000) and `LEDGER_SSE_BATCH` (1 … 10000); an invalid value
 * stops startup with a ConfigError naming it.
 */
export function loadEventsStreamSettings(env: Readonly<Record<string, string | undefined>>): EventsStreamSettings {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}".`);
      return fallback;
    }
    return value;
  };
  const settings: EventsStreamSettings = {
    heartbeatMs: integer('LEDGER_SSE_HEARTBEAT_MS', EVENTS_STREAM_DEFAULTS.heartbeatMs, 10, 15_000),
    congestionTimeoutMs: integer('LEDGER_SSE_CONGESTION_TIMEOUT_MS', EVENTS_STREAM_DEFAULTS.congestionTimeoutMs, 100, 600_000),
    liveQueueCapacity: integer('LEDGER_SSE_LIVE_QUEUE', EVENTS_STREAM_DEFAULTS.liveQueueCapacity, 1, 1_000_000),
    catchUpBatchSize: integer('LEDGER_SSE_BATCH', EVENTS_STREAM_DEFAULTS.catchUpBatchSize, 1, 10_000),
    clientRetryMs: EVENTS_STREAM_DEFAULTS.clientRetryMs,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
