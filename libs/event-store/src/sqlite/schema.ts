import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The whole event log is one table. `position` is the global sequence ($all): AUTOINCREMENT makes
 * SQLite never hand out a number twice, even if the last rows were removed by hand, so positions
 * only grow. The unique (stream_id, revision) index serves stream reads and makes a stream revision
 * impossible to write twice; the unique `id` makes an event impossible to store twice.
 * `data` and `metadata` are JSON text; `recorded_at` is ISO 8601 UTC.
 */
export const EVENTS_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  id          TEXT    NOT NULL UNIQUE,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);`;

/** Bumped when the table layout changes, so a newer ledger can migrate an older file. */
export const SCHEMA_VERSION = 1;

export interface OpenOptions {
  /** A file path, or `:memory:` for a private in-memory store. */
  readonly path: string;
  /** `true`: WAL + synchronous=FULL, an acknowledged append survives a power cut. */
  readonly durable: boolean;
  /** How long a write waits for another process (e.g. the CLI) holding the file's write lock. */
  readonly busyTimeoutMs: number;
}

/** Applies the pragmas every connection to an event file needs: WAL, the durability level and the busy timeout. */
export function applyConnectionPragmas(db: Database.Database, durable: boolean, busyTimeoutMs: number): void {
  // WAL lets readers (the subscriptions, another process) read while one writer appends.
  db.pragma('journal_mode = WAL');
  // FULL syncs the WAL on every commit: a commit that returned is on disk. NORMAL may lose the
  // last commits on a power cut (never corrupts), which is what tests and benchmarks of logic want.
  db.pragma(`synchronous = ${durable ? 'FULL' : 'NORMAL'}`);
  // macOS only: a plain fsync does not reach the platter there; no effect on Linux.
  if (durable) db.pragma('fullfsync = ON');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
}

/** Opens (creating if needed) an event-log database file and makes sure the schema is there. */
export function openEventDatabase(options: OpenOptions): Database.Database {
  if (options.path !== ':memory:' && options.path !== '') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  try {
    applyConnectionPragmas(db, options.durable, options.busyTimeoutMs);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`${options.path} has event schema version ${version}; this build knows up to ${SCHEMA_VERSION}.`);
    }
    if (version < SCHEMA_VERSION) {
      db.transaction(() => {
        db.exec(EVENTS_TABLE_DDL);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }).immediate();
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
