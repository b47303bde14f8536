import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../port';

/** A unit of work (one append) waiting for the next group transaction. */
interface QueuedWork {
  readonly run: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

export interface GroupCommitOptions {
  /** false: every unit of work gets its own transaction, run at once (for comparison in the benchmark). */
  readonly enabled: boolean;
  /** Called after a transaction that made at least one unit of work succeed has committed. */
  readonly onCommitted: () => void;
}

/**
 * Group commit: units of work submitted in the same turn of the event loop run in ONE write
 * transaction, so they share one WAL sync (the dominant cost of a durable commit). Each unit runs
 * inside its own SAVEPOINT: when one throws (a concurrency conflict, a duplicate id), only its
 * changes are rolled back and only its caller sees the error; the others commit. Every caller's
 * promise settles only after the COMMIT returned, so an acknowledged append is on disk.
 *
 * Every append waits for the end of the turn, even a lone one. Committing the first append of a
 * turn at once was tried (it spares a tight loop of awaited appends an event-loop iteration each)
 * and measured worse where it matters: requests arrive in separate I/O callbacks of the same turn,
 * and with 4 to 8 such writers the groups shrank to one append per commit and throughput fell by
 * up to 2.5× (BENCHMARKS.md).
 *
 * better-sqlite3 is synchronous, so nothing else in this process runs between BEGIN and COMMIT:
 * no reader of this connection can observe a half-written group, and positions, assigned inside the
 * single writer transaction, become visible all at once and in increasing order.
 */
export class GroupCommit {
  /** Transactions committed and units of work that succeeded in them (their ratio is the mean group size). */
  readonly stats = { transactions: 0, committedWork: 0 };
  private queue: QueuedWork[] = [];
  private flushScheduled = false;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackToSavepoint: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly options: GroupCommitOptions,
  ) {
    // IMMEDIATE takes the write lock at BEGIN, so a writer in another process makes us wait
    // (busy_timeout) up front instead of failing halfway through the group.
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT one_append');
    this.release = db.prepare('RELEASE one_append');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO one_append');
  }

  /** Runs `work` inside the next group transaction; settles once that transaction committed or failed. */
  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.options.enabled) {
        this.flush();
      } else if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate, not a microtask: it runs after the current I/O callbacks (e.g. every HTTP
        // request that arrived together) and their promise continuations have all queued their work.
        setImmediate(this.scheduledFlush);
      }
    });
  }

  /** Runs everything queued now, synchronously (the store calls it before closing the database). */
  flush(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const outcomes = this.runInOneTransaction(batch);
    batch.forEach((work, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) work.resolve(outcome.value);
      else work.reject(outcome.error);
    });
    if (outcomes.some((outcome) => outcome.ok)) this.options.onCommitted();
  }

  private readonly scheduledFlush = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  private runInOneTransaction(batch: readonly QueuedWork[]): Outcome[] {
    try {
      this.begin.run();
    } catch (error) {
      return batch.map(() => failure(unavailable('could not start a write transaction', error)));
    }
    let outcomes: Outcome[];
    try {
      // A lone unit needs no savepoint: if it fails, the whole transaction is rolled back below.
      outcomes = batch.length === 1 ? [this.runAlone(batch[0]!)] : batch.map((work) => this.runInSavepoint(work));
    } catch (error) {
      // A savepoint could not be rolled back: SQLite already aborted the whole transaction.
      this.rollbackIfOpen();
      return batch.map(() => failure(unavailable('the write transaction was aborted', error)));
    }
    if (!outcomes.some((outcome) => outcome.ok)) {
      this.rollbackIfOpen();
      return outcomes;
    }
    try {
      this.commit.run();
      this.stats.transactions += 1;
      this.stats.committedWork += outcomes.filter((outcome) => outcome.ok).length;
      return outcomes;
    } catch (error) {
      this.rollbackIfOpen();
      return batch.map(() => failure(unavailable('the commit failed; nothing of this group was written', error)));
    }
  }

  private runAlone(work: QueuedWork): Outcome {
    try {
      return { ok: true, value: work.run() };
    } catch (error) {
      return failure(error);
    }
  }

  private runInSavepoint(work: QueuedWork): Outcome {
    this.savepoint.run();
    try {
      const value = work.run();
      this.release.run();
      return { ok: true, value };
    } catch (error) {
      // Throws when SQLite aborted the transaction itself (disk full, I/O error): handled by the caller.
      this.rollbackToSavepoint.run();
      this.release.run();
      return failure(error);
    }
  }

  private rollbackIfOpen(): void {
    if (this.db.inTransaction) this.rollback.run();
  }
}

function failure(error: unknown): Outcome {
  return { ok: false, error };
}

function unavailable(what: string, cause: unknown): StoreUnavailableError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new StoreUnavailableError(`Event store: ${what} (${detail}).`, { cause });
}
