import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Online backup of the embedded store: a consistent copy of its SQLite file taken while the server
 * keeps appending, through SQLite's online backup API (better-sqlite3 `db.backup`). The copy is a
 * snapshot of one committed state of the log: every append acknowledged before the backup began is
 * in it, and no half-written group of appends is.
 */

export interface SqliteBackupProgress {
  readonly totalPages: number;
  readonly remainingPages: number;
}

export interface SqliteBackupOptions {
  /** Replace `target` if it exists. Without it an existing target is refused (BackupTargetExistsError). */
  readonly force?: boolean;
  readonly onProgress?: (progress: SqliteBackupProgress) => void;
  /** How long to wait for a writer's lock on the source. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

export interface SqliteBackupResult {
  /** The absolute path of the copy. */
  readonly file: string;
  readonly bytes: number;
  readonly pages: number;
  /**
   * How often SQLite had to start the copy again because another connection wrote to the source
   * between two steps; after the first restart the rest is copied in one step (one read snapshot).
   */
  readonly restarts: number;
  /** `PRAGMA quick_check` of the copy: "ok" when its pages and indexes are sound. */
  readonly quickCheck: string;
}

/** The backup target exists and `force` was not given. */
export class BackupTargetExistsError extends Error {
  override readonly name = 'BackupTargetExistsError';
  constructor(readonly file: string) {
    super(`${file} already exists; pass --force to replace it.`);
  }
}

/** Steps of this many pages at least, so a big file is copied in about 20 steps (progress updates). */
const MIN_STEP_PAGES = 256;
const STEPS = 20;
/** better-sqlite3's largest step: "all remaining pages at once". */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the event store file `source` to `target` online. The copy is written to a temporary file
 * next to `target` and renamed into place once complete and synced, so `target` is never a
 * half-written database. Does not verify the hash chains: run `verifyEventLog(sqliteFileSource(file))`
 * on the result.
 */
export async function backupSqliteFile(source: string, target: string, options: SqliteBackupOptions = {}): Promise<SqliteBackupResult> {
  const file = path.resolve(target);
  if (path.resolve(source) === file) throw new Error('The backup target is the store itself.');
  if (!options.force && fs.existsSync(file)) throw new BackupTargetExistsError(file);
  const partial = `${file}.partial-${process.pid}`;
  fs.rmSync(partial, { force: true });

  const db = new Database(source, { readonly: true, fileMustExist: true });
  let restarts = 0;
  let result: { totalPages: number };
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    const hasEvents = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").pluck().get();
    if (!hasEvents) throw new Error(`${source} is not an event store: it has no events table.`);
    let previousRemaining = Number.POSITIVE_INFINITY;
    let step = MIN_STEP_PAGES;
    result = await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        options.onProgress?.({ totalPages, remainingPages });
        // No progress since the last step (as many pages remain, or more): another connection
        // wrote in between and SQLite started over. Copy all the rest in one step, inside one read
        // snapshot, so a steady stream of appends cannot keep the backup restarting for ever.
        if (remainingPages >= previousRemaining) {
          restarts += 1;
          step = ALL_PAGES;
        } else if (step !== ALL_PAGES) {
          step = Math.max(MIN_STEP_PAGES, Math.ceil(totalPages / STEPS));
        }
        previousRemaining = remainingPages;
        return step;
      },
    });
    options.onProgress?.({ totalPages: result.totalPages, remainingPages: 0 });
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }

  let quickCheck: string;
  try {
    quickCheck = checkAndSettle(partial);
    syncFile(partial);
    if (!options.force && fs.existsSync(file)) throw new BackupTargetExistsError(file);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  syncDirectory(path.dirname(file));
  return { file, bytes: fs.statSync(file).size, pages: result.totalPages, restarts, quickCheck };
}

/**
 * Checks the copy's structure and leaves it a single self-contained file: checkpointed, and in
 * rollback-journal mode so no -wal/-shm files travel with it (a store opening it switches it back to WAL).
 */
function checkAndSettle(file: string): string {
  const copy = new Database(file, { fileMustExist: true });
  try {
    const rows = copy.pragma('quick_check') as Array<{ quick_check: string }>;
    copy.pragma('journal_mode = DELETE');
    return rows.map((row) => row.quick_check).join('; ');
  } finally {
    copy.close();
  }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes the rename durable (POSIX); directories cannot be opened for syncing on Windows. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(directory, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort: the file itself is synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
