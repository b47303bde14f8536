import { hash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';

/** Whose retry of what: the same key from another actor, method or path is another request. */
export interface IdempotencyScope {
  readonly actorKind: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly method: string;
  readonly path: string;
  readonly key: string;
}

/**
 * Hears about a failed write of completed answers (they are then forgotten). Required: the write
 * runs at the end of the turn (setImmediate), where a throw would be an uncaught exception.
 */
export type IdempotencyWriteErrorHandler = (error: unknown, lost: number) => void;

export interface IdempotencyStoreOptions {
  /** How long a write waits for another connection's lock on api.db. Default 5000 ms (set by specs). */
  readonly busyTimeoutMs?: number;
}

/** A remembered first answer. */
export interface StoredAnswer {
  readonly status: number;
  readonly body: unknown;
  /** The answer was a refusal (problem details), replayed as such. */
  readonly isProblem: boolean;
}

export type BeginOutcome =
  /** First use of the key (or the first after it expired or was released): run the request. */
  | { readonly kind: 'proceed' }
  /** The key was used with the same body: answer as the first time. */
  | { readonly kind: 'replay'; readonly answer: StoredAnswer }
  /** The key was used with another body: 422 `idempotency-key-reused`. */
  | { readonly kind: 'reused' }
  /** A request with this key and body is running right now. */
  | { readonly kind: 'in-flight' };

interface Row {
  body_hash: string;
  status: number;
  response: string;
  is_problem: number;
  expires_at: number;
}

/**
 * Idempotency records in `<dataDir>/api.db` (SQLite), so keys survive a restart (api.md, Writes).
 * A key is first reserved (`in-flight`) and then completed with the answer, or released when the
 * request failed in a way a retry should re-run. Each record lives `ttlMs` (24 h) from first use.
 *
 * One API process owns one data dir, and a reservation means nothing beyond the process that made
 * it (a process that dies mid-request can no longer complete it), so reservations live in memory
 * and only completed answers are written: one write per request instead of a write transaction to
 * reserve and another to complete (profiling showed both on every command). Answers are keyed by
 * a 16-byte hash of their scope (see scopeKey); an older api.db's records are migrated at startup
 * (see migrateRecords).
 *
 * Completed answers are written together, in one transaction at the end of the event-loop turn
 * (like the event store's group commit): a transaction of its own per answer cost ≈ 45–65 µs, a
 * tenth of a command's CPU. `complete` resolves once its answer is written, and the interceptor
 * sends the answer only then: an answer a client received survives the process (a SIGKILL), and a
 * retry of it is a replay. If the write itself fails (reported to `onWriteError`), the answers are
 * still sent, without a record: their retries run again, answered from the log as below. Until written, a completed answer is already seen by `begin` (from
 * memory). A power cut may still lose the last records (synchronous = NORMAL): a retry then runs
 * again, and its deterministic command id (commands/command-context.ts) makes the store recognise
 * its events and answer with the first result instead of recording it twice.
 */
export class IdempotencyStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  /** Keys reserved by requests running in this process, by scope. */
  private readonly reservations = new Map<string, Reservation>();
  /** Completed answers not written yet, by scope: written at the end of the turn (see flush). */
  private pending = new Map<string, CompletedRecord>();
  private flushScheduled = false;
  /** Settles when the pending answers are written (or their write failed and was reported). */
  private written: Deferred | null = null;

  constructor(
    file: string,
    private readonly ttlMs: number,
    private readonly onWriteError: IdempotencyWriteErrorHandler,
    options: IdempotencyStoreOptions = {},
  ) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL survives a process crash; a power cut may lose the last records, and then the
    // deterministic command id (commands/command-context.ts) still keeps a retry from recording twice.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS idempotency_answers (
        scope      BLOB    NOT NULL PRIMARY KEY,
        body_hash  TEXT    NOT NULL,
        status     INTEGER NOT NULL,
        response   TEXT    NOT NULL,
        is_problem INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS idempotency_answers_expiry ON idempotency_answers (expires_at);
    `);
    migrateRecords(this.db);
    this.statements = prepareStatements(this.db);
  }

  /** Looks the key up and, when the request should run, reserves the key (atomically: nothing else runs meanwhile). */
  begin(scope: IdempotencyScope, bodyHash: string, now: number = Date.now()): BeginOutcome {
    const id = reservationId(scope);
    const reserved = this.reservations.get(id);
    if (reserved && reserved.expiresAt > now) return reserved.bodyHash === bodyHash ? { kind: 'in-flight' } : { kind: 'reused' };
    let row = this.pendingRow(id);
    let key: Buffer | undefined;
    if (row === undefined) row = this.statements.find.get((key = scopeKey(id)));
    if (row && row.expires_at > now) {
      if (row.body_hash !== bodyHash) return { kind: 'reused' };
      return {
        kind: 'replay',
        answer: { status: row.status, body: JSON.parse(row.response), isProblem: row.is_problem === 1 },
      };
    }
    this.reservations.set(id, { bodyHash, createdAt: now, expiresAt: now + this.ttlMs, key: key ?? scopeKey(id) });
    return { kind: 'proceed' };
  }

  /**
   * For a duplicate that found the key in flight: settles once the request holding it released
   * it, or its answer is written (or its write failed), so the duplicate then replays an answer
   * that is on file. Undefined when no request holds the key.
   */
  settled(scope: IdempotencyScope): Promise<void> | undefined {
    const reserved = this.reservations.get(reservationId(scope));
    if (!reserved) return undefined;
    reserved.waiting ??= deferred();
    return reserved.waiting.promise;
  }

  /**
   * Records the answer to replay for the key's remaining lifetime (nothing, unless the key is
   * reserved). Resolves once it is written — at the end of this event-loop turn, with the turn's
   * other answers — or its write failed (reported to `onWriteError`, then it is forgotten).
   */
  complete(scope: IdempotencyScope, answer: StoredAnswer): Promise<void> {
    const id = reservationId(scope);
    const reserved = this.reservations.get(id);
    if (!reserved) return Promise.resolve();
    // The reservation goes whatever happens: an answer that cannot be serialised must not leave
    // the key "in flight" for its whole lifetime.
    this.reservations.delete(id);
    let response: string;
    try {
      response = JSON.stringify(answer.body ?? null);
    } catch (error) {
      reserved.waiting?.settle();
      throw error;
    }
    this.pending.set(id, {
      scope: reserved.key,
      bodyHash: reserved.bodyHash,
      status: answer.status,
      response,
      isProblem: answer.isProblem ? 1 : 0,
      createdAt: reserved.createdAt,
      expiresAt: reserved.expiresAt,
      waiting: reserved.waiting,
    });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // setImmediate: after the turn's other I/O callbacks, whose requests may complete too.
      setImmediate(this.scheduledFlush);
    }
    this.written ??= deferred();
    return this.written.promise;
  }

  /** Writes the completed answers still in memory, in one transaction (also called before closing). */
  flush(): void {
    const written = this.written;
    this.written = null;
    const records = this.pending;
    this.pending = new Map();
    try {
      if (records.size > 0) this.statements.completeAll(records.values());
    } catch (error) {
      this.onWriteError(error, records.size);
    } finally {
      written?.settle();
      for (const record of records.values()) record.waiting?.settle();
    }
  }

  private readonly scheduledFlush = (): void => {
    this.flushScheduled = false;
    if (this.db.open) this.flush();
    else this.abandonPending();
  };

  /** The database closed under answers not written (they were flushed at close): nobody waits forever. */
  private abandonPending(): void {
    this.written?.settle();
    this.written = null;
    for (const record of this.pending.values()) record.waiting?.settle();
    this.pending = new Map();
  }

  /** A completed answer not written yet, as the row it becomes. */
  private pendingRow(id: string): Row | undefined {
    const record = this.pending.get(id);
    if (!record) return undefined;
    return { body_hash: record.bodyHash, status: record.status, response: record.response, is_problem: record.isProblem, expires_at: record.expiresAt };
  }

  /** Forgets a reservation whose request ended in a way a retry should re-run. */
  release(scope: IdempotencyScope): void {
    const id = reservationId(scope);
    this.reservations.get(id)?.waiting?.settle();
    this.reservations.delete(id);
  }

  /** Deletes records past their lifetime; returns how many. */
  purgeExpired(now: number = Date.now()): number {
    // Answers not written yet expire 24 h after their reservation: this cannot touch them.
    return this.statements.purgeExpired.run(now).changes;
  }

  close(): void {
    if (!this.db.open) return this.abandonPending();
    this.flush();
    this.db.close();
  }
}

interface CompletedRecord {
  /** scopeKey of the scope. */
  readonly scope: Buffer;
  readonly bodyHash: string;
  readonly status: number;
  readonly response: string;
  readonly isProblem: 0 | 1;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Duplicates that waited for the request: woken once this record is written. */
  readonly waiting: Deferred | undefined;
}

interface Reservation {
  readonly bodyHash: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** scopeKey of the scope, hashed once when reserving. */
  readonly key: Buffer;
  /** Set when a duplicate waits for this request (see settled). */
  waiting?: Deferred;
}

interface Deferred {
  readonly promise: Promise<void>;
  readonly settle: () => void;
}

function deferred(): Deferred {
  let settle!: () => void;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

/** Newline-separated: no part of a scope can contain one (headers, paths and actor claims cannot). */
function reservationId(scope: IdempotencyScope): string {
  return `${scope.actorKind}\n${scope.tenantId}\n${scope.userId}\n${scope.method}\n${scope.path}\n${scope.key}`;
}

/**
 * The key a scope is stored under: the first 16 bytes of the SHA-256 of its reservation id. A
 * short fixed-size key instead of the six text columns it replaced: each answer written touched
 * a B-tree of long keys at a random place, ≈ 37 → 21 µs a row (measured with 100k rows stored,
 * written in groups of 20). 128 bits: two scopes sharing a key is not a practical concern.
 */
function scopeKey(id: string): Buffer {
  return hash('sha256', id, 'buffer').subarray(0, 16);
}

/**
 * api.db files written before the short key held `idempotency_records` (six text columns as key,
 * reservations in flight as rows): their live completed answers move to `idempotency_answers`
 * (so a retry across the upgrade still replays), in one transaction, and the old table goes.
 */
function migrateRecords(db: Database.Database): void {
  const old = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'idempotency_records'").get();
  if (old === undefined) return;
  db.function('ledger_scope_key', { deterministic: true }, (actorKind, tenantId, userId, method, path, key) =>
    scopeKey(reservationId({ actorKind, tenantId, userId, method, path, key } as IdempotencyScope)),
  );
  db.transaction(() => {
    db.prepare(
      `INSERT OR REPLACE INTO idempotency_answers (scope, body_hash, status, response, is_problem, created_at, expires_at)
       SELECT ledger_scope_key(actor_kind, tenant_id, user_id, method, path, key), body_hash, coalesce(status, 200), coalesce(response, 'null'), is_problem, created_at, expires_at
       FROM idempotency_records WHERE state = 'completed' AND expires_at > ?`,
    ).run(Date.now());
    db.exec('DROP TABLE idempotency_records');
  }).immediate();
}

/** The store's statements, prepared once. */
function prepareStatements(db: Database.Database) {
  const complete = db.prepare(
    `INSERT OR REPLACE INTO idempotency_answers (scope, body_hash, status, response, is_problem, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    find: db.prepare<[Buffer], Row>('SELECT body_hash, status, response, is_problem, expires_at FROM idempotency_answers WHERE scope = ?'),
    completeAll: db.transaction((records: Iterable<CompletedRecord>) => {
      for (const r of records) complete.run(r.scope, r.bodyHash, r.status, r.response, r.isProblem, r.createdAt, r.expiresAt);
    }),
    purgeExpired: db.prepare('DELETE FROM idempotency_answers WHERE expires_at <= ?'),
  };
}
