import Database from 'better-sqlite3';
import * as fs from 'node:fs';

/** One stream head as the API answers it. */
export interface Head {
  readonly streamId: string;
  readonly revision: number;
  readonly hash: string;
}

/**
 * Rows per insert transaction. The whole write is synchronous: on the embedded store it runs in the
 * verification's worker thread; on EventStoreDB (walked in the API's thread) it holds the event
 * loop while it writes (≈ 350k heads at 1M events) — moving that walk to a worker too is the fix.
 */
const INSERT_CHUNK = 5000;

/**
 * Writes a verification's stream heads to a new SQLite file (`heads`, keyed by stream id), for
 * `HeadsFile` to page through. A scratch file: no journal, no sync — a crash leaves a file that
 * the next start deletes (VerificationService), never one that is read.
 */
export function writeHeadsFile(file: string, heads: Iterable<Head>): void {
  fs.rmSync(file, { force: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec('CREATE TABLE heads (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, hash TEXT NOT NULL) WITHOUT ROWID');
    const insert = db.prepare('INSERT INTO heads (stream_id, revision, hash) VALUES (?, ?, ?)');
    const next = heads[Symbol.iterator]();
    /** Inserts up to INSERT_CHUNK heads; false once there are no more. */
    const insertChunk = db.transaction((): boolean => {
      for (let count = 0; count < INSERT_CHUNK; count += 1) {
        const head = next.next();
        if (head.done) return false;
        insert.run(head.value.streamId, head.value.revision, head.value.hash);
      }
      return true;
    });
    while (insertChunk());
  } finally {
    db.close();
  }
}

/**
 * A verification's stream heads, paged from the file `writeHeadsFile` wrote instead of kept in
 * memory: on a 1M-event log (348,566 streams) the heads took ≈ 93 MB of V8 heap as objects, twice
 * over for the two verifications kept; here they take SQLite's small page cache (and ≈ 47 MB of disk).
 * Pages are in stream id order (SQLite's byte order of the UTF-8 text, the same as JavaScript's
 * order for the ASCII ids the ledger writes).
 */
export class HeadsFile {
  private readonly db: Database.Database;
  private readonly first: Database.Statement<[number], Head>;
  private readonly after: Database.Statement<[string, number], Head>;

  constructor(readonly file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    // Pages are read one at a time by auditors: a small cache is plenty.
    this.db.pragma('cache_size = -1024');
    const columns = 'stream_id AS streamId, revision, hash';
    this.first = this.db.prepare(`SELECT ${columns} FROM heads ORDER BY stream_id LIMIT ?`);
    this.after = this.db.prepare(`SELECT ${columns} FROM heads WHERE stream_id > ? ORDER BY stream_id LIMIT ?`);
  }

  /** Up to `limit` heads after `afterStreamId` (from the first when undefined), in stream id order. */
  page(afterStreamId: string | undefined, limit: number): Head[] {
    return afterStreamId === undefined ? this.first.all(limit) : this.after.all(afterStreamId, limit);
  }

  /** Closes the file and deletes it. */
  discard(): void {
    if (this.db.open) this.db.close();
    fs.rmSync(this.file, { force: true });
  }
}
