import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ReadModelDb } from './projection';

/** Where an API instance keeps its read models: a local file beside its other data. */
export function readModelDatabasePath(dataDir: string): string {
  return join(dataDir, 'read-models.db');
}

/**
 * Opens (creating if needed) a read-model database.
 *
 * WAL lets readers in other connections read while the runner writes. `synchronous = NORMAL` is
 * enough here: a power cut may lose the last committed batches, but rows and checkpoints are lost
 * together, so the runner simply applies those events again; nothing is lost or doubled.
 */
export function openReadModelDatabase(path: string): ReadModelDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  return db;
}
