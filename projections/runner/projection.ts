import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/event-store';

/** The read-model database handle (better-sqlite3). Queries and projections share it. */
export type ReadModelDb = Database.Database;

/**
 * Physical table names of one generation of a projection, keyed by the logical names the
 * projection declared. A projection writes only through these names; queries read the logical
 * names, which are views the runner re-points when a rebuilt generation is swapped in.
 */
export type TableNames<TTable extends string = string> = Readonly<Record<TTable, string>>;

/** Applies events to one generation's tables. Built once per generation, so statements are prepared once. */
export interface ProjectionWriter {
  /**
   * Turns one event into SQL changes. Runs inside the runner's transaction (synchronously) and must
   * not start or commit transactions itself. Throwing rolls back this projection's whole batch and
   * marks the projection failed.
   */
  apply(event: RecordedEvent): void;
  /**
   * Writes what `apply` kept back, if it batches rows (a multi-row INSERT costs about half as much
   * per row as one statement per row). The runner calls it in the same transaction, before it moves
   * the checkpoint; `apply` must not rely on reading rows it kept back.
   */
  flush?(): void;
}

/**
 * A read model: `(event) → SQL changes` on tables it alone owns.
 *
 * Bump `version` whenever the tables or the meaning of `apply` change: at the next start the runner
 * rebuilds the projection from the first event into fresh tables while queries keep reading the
 * old ones, then swaps them in (see ./README.md).
 */
export interface Projection<TTable extends string = string> {
  /** Stable name, used for checkpoints, status and `rebuild(name)`. */
  readonly name: string;
  readonly version: number;
  /**
   * Logical table names. They are global in the read-model database (queries read them as views),
   * so each projection prefixes its own. Letters, digits and underscores only.
   */
  readonly tables: readonly TTable[];
  /**
   * Creates the tables under the given physical names, with the indexes `apply` itself needs to
   * find rows (index names must derive from the physical names).
   */
  createSchema(db: ReadModelDb, tables: TableNames<TTable>): void;
  /**
   * Creates the indexes only queries need (`CREATE INDEX IF NOT EXISTS`). A rebuild calls it once the
   * rows are loaded, because building an index in one sorted pass is far cheaper than maintaining it
   * row by row; tables that serve queries right away get them at creation.
   */
  createIndexes?(db: ReadModelDb, tables: TableNames<TTable>): void;
  /**
   * The event types `apply` acts on, when it ignores every other type. The runner then never hands
   * it other events, and a rebuild of projections that all name their types reads only those
   * events from the log (a projection that handles a few percent of the log skips the rest).
   * Leave it out to receive every event. A type missing here is silently never applied: the
   * projections' spec checks that `apply` changes nothing for the types left out.
   */
  readonly eventTypes?: readonly string[];
  /** Prepares the statements for one generation and returns the writer the runner feeds. */
  writer(db: ReadModelDb, tables: TableNames<TTable>): ProjectionWriter;
}

/** Progress of a rebuild, for a progress bar: `position` of `headPosition`, and the pace. */
export interface RebuildProgress {
  readonly projections: readonly string[];
  /** Last position applied to the fresh tables. */
  readonly position: number;
  /** Head of the log when this report was made (it may grow while rebuilding). */
  readonly headPosition: number;
  /** Events read and applied so far by this rebuild. */
  readonly eventsProcessed: number;
  readonly eventsPerSecond: number;
  readonly elapsedMs: number;
  /** Estimate of the remaining time, from the pace so far; null until there is a pace. */
  readonly etaMs: number | null;
}

export type ProjectionState = 'starting' | 'running' | 'rebuilding' | 'failed' | 'stopped';

export interface ProjectionStatus {
  readonly name: string;
  /** The version in the code. */
  readonly version: number;
  /** The version of the tables queries are reading now (differs from `version` until a rebuild swaps). */
  readonly servingVersion: number | null;
  readonly generation: number | null;
  /**
   * - `running`: applying live events to the tables queries read;
   * - `rebuilding`: fresh tables are being built; queries still read the old ones (which stay live when
   *   the version did not change, and are frozen when it did);
   * - `failed`: apply threw; the projection stopped at `checkpoint`, the others keep running;
   * - `starting` / `stopped`: the runner is not running.
   */
  readonly state: ProjectionState;
  /** Last log position included in the tables queries read. */
  readonly checkpoint: number;
  readonly headPosition: number;
  /** `headPosition - checkpoint`: in events for the SQLite store, in commit-position units for EventStoreDB. */
  readonly lag: number;
  readonly error: string | null;
  readonly rebuild: RebuildProgress | null;
}

export interface RunnerStatus {
  /** True between a successful `start()` and `stop()`. */
  readonly running: boolean;
  readonly headPosition: number;
  readonly projections: readonly ProjectionStatus[];
}
