import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ReadModelDb } from './projection';

/** Where an API instance keeps its read models: a local file beside its other data. */
export function readModelDatabasePath(dataDir: string): string {
  return join(dataDir, 'read-models.db');
}

/** SQLite's page cache of a connection that writes the read models (the runner): rebuilds touch every table. */
export const WRITER_CACHE_MB = 64;

export interface ReadModelDatabaseOptions {
  /**
   * Most memory SQLite may keep as this connection's page cache (default WRITER_CACHE_MB). It is
   * allocated as pages are read and kept: a connection that only answers queries fills it with the
   * pages the queries touch and holds them while the OS caches the same file pages anyway.
   */
  readonly cacheSizeMb?: number;
}

/**
 * Opens (creating if needed) a read-model database.
 *
 * WAL lets readers in other connections read while the runner writes. `synchronous = NORMAL` is
 * enough here: a power cut may lose the last committed batches, but rows and checkpoints are lost
 * together, so the runner simply applies those events again; nothing is lost or doubled.
 */
export function openReadModelDatabase(path: string, options: ReadModelDatabaseOptions = {}): ReadModelDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  // Negative: a size in KiB rather than in pages.
  db.pragma(`cache_size = -${Math.round((options.cacheSizeMb ?? WRITER_CACHE_MB) * 1024)}`);
  return db;
}
