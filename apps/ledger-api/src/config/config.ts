import * as path from 'node:path';

/** Log levels pino understands; `silent` turns logging off (tests). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Which event database backs the write side (api.md, Running). */
export const EVENT_STORE_KINDS = ['sqlite', 'esdb'] as const;
export type EventStoreKind = (typeof EVENT_STORE_KINDS)[number];

/** An HS256 key shorter than the hash output (256 bits) weakens every token signed with it. */
export const MIN_JWT_SECRET_LENGTH = 32;

/** Everything the API process needs to know, resolved once at startup. */
export interface LedgerApiConfig {
  /** TCP port; 0 picks a free one (tests). */
  readonly port: number;
  /** Interface to bind; `0.0.0.0` so the API is reachable from outside a container. */
  readonly host: string;
  /** Absolute directory holding the embedded store (`events.db`), `api.db` and the generated `jwt-secret`. */
  readonly dataDir: string;
  /** HS256 key from `LEDGER_JWT_SECRET`; when absent, one is generated under the data dir. */
  readonly jwtSecret?: string;
  readonly eventStore: EventStoreKind;
  /** `ESDB_CONNECTION_STRING`, required when `eventStore` is `esdb`. */
  readonly esdbConnectionString?: string;
  readonly logLevel: LogLevel;
  /** Requests each actor (or anonymous IP) may make per minute before 429 `rate-limited`. */
  readonly rateLimitPerMinute: number;
  /** How long a write's Idempotency-Key is remembered (api.md: 24 hours). */
  readonly idempotencyTtlMs: number;
  /** Largest accepted request body (api.md: 1 MiB, else 413). */
  readonly bodyLimitBytes: number;
}

export const DEFAULTS = {
  port: 3000,
  host: '0.0.0.0',
  dataDir: './data',
  eventStore: 'sqlite' as EventStoreKind,
  logLevel: 'info' as LogLevel,
  rateLimitPerMinute: 6000,
  idempotencyTtlMs: 24 * 60 * 60 * 1000,
  bodyLimitBytes: 1024 * 1024,
} as const;

/** The configuration is unusable; the message lists every problem so one restart fixes them all. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * A yes/no setting: `true`/`false` or `1`/`0` (any case, trimmed); `fallback` when unset or empty.
 * Anything else is added to `problems` (reported together as one ConfigError) and gives `fallback`.
 */
export function readBooleanSetting(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  problems.push(`${name} must be true or false, got "${env[name]}".`);
  return fallback;
}

/**
 * A whole number from `min` to `max` (decimal digits, trimmed); `fallback` when unset or empty.
 * Anything else is added to `problems` (reported together as one ConfigError) and gives `fallback`.
 */
export function readIntegerSetting(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}".`);
    return fallback;
  }
  return value;
}

/**
 * Reads and validates the process environment (api.md, Running). Throws ConfigError listing every
 * invalid variable, so the process refuses to start rather than run half-configured.
 */
export function loadConfig(env: Env, cwd: string = process.cwd()): LedgerApiConfig {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}".`);
      return fallback;
    }
    return raw as T;
  };

  const port = readIntegerSetting(env, 'PORT', DEFAULTS.port, 0, 65535, problems);
  const host = text('HOST') ?? DEFAULTS.host;
  const dataDir = path.resolve(cwd, text('LEDGER_DATA_DIR') ?? DEFAULTS.dataDir);
  const eventStore = oneOf('LEDGER_EVENT_STORE', EVENT_STORE_KINDS, DEFAULTS.eventStore);
  const esdbConnectionString = text('ESDB_CONNECTION_STRING');
  if (eventStore === 'esdb' && esdbConnectionString === undefined) {
    problems.push('LEDGER_EVENT_STORE=esdb needs ESDB_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false).');
  }
  // The secret is used verbatim (not trimmed): it is key material.
  const jwtSecret = env.LEDGER_JWT_SECRET === '' ? undefined : env.LEDGER_JWT_SECRET;
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret, 'utf8') < MIN_JWT_SECRET_LENGTH) {
    problems.push(`LEDGER_JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} bytes (256 bits) for HS256.`);
  }
  const logLevel = oneOf('LOG_LEVEL', LOG_LEVELS, DEFAULTS.logLevel);
  const rateLimitPerMinute = readIntegerSetting(env, 'LEDGER_RATE_LIMIT_PER_MINUTE', DEFAULTS.rateLimitPerMinute, 1, 10_000_000, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    ...(jwtSecret !== undefined ? { jwtSecret } : {}),
    eventStore,
    ...(esdbConnectionString !== undefined ? { esdbConnectionString } : {}),
    logLevel,
    rateLimitPerMinute,
    idempotencyTtlMs: DEFAULTS.idempotencyTtlMs,
    bodyLimitBytes: DEFAULTS.bodyLimitBytes,
  };
}

/** Fills in defaults around what a caller (a test, the CLI) sets explicitly. */
export function resolveConfig(partial: Partial<LedgerApiConfig> & { dataDir: string }): LedgerApiConfig {
  if (partial.jwtSecret !== undefined && Buffer.byteLength(partial.jwtSecret, 'utf8') < MIN_JWT_SECRET_LENGTH) {
    throw new ConfigError([`jwtSecret must be at least ${MIN_JWT_SECRET_LENGTH} bytes (256 bits) for HS256.`]);
  }
  return {
    port: partial.port ?? DEFAULTS.port,
    host: partial.host ?? DEFAULTS.host,
    dataDir: path.resolve(partial.dataDir),
    ...(partial.jwtSecret !== undefined ? { jwtSecret: partial.jwtSecret } : {}),
    eventStore: partial.eventStore ?? DEFAULTS.eventStore,
    ...(partial.esdbConnectionString !== undefined ? { esdbConnectionString: partial.esdbConnectionString } : {}),
    logLevel: partial.logLevel ?? DEFAULTS.logLevel,
    rateLimitPerMinute: partial.rateLimitPerMinute ?? DEFAULTS.rateLimitPerMinute,
    idempotencyTtlMs: partial.idempotencyTtlMs ?? DEFAULTS.idempotencyTtlMs,
    bodyLimitBytes: partial.bodyLimitBytes ?? DEFAULTS.bodyLimitBytes,
  };
}
