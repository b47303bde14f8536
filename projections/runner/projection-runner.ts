import type { AllSubscription, EventStore, Position, RecordedEvent } from '@ledger/event-store';
import {
  createGenerationTables,
  deleteRebuild,
  dropTables,
  ensureCatalog,
  insertMeta,
  insertRebuild,
  nextGeneration,
  physicalTables,
  pointViews,
  readMeta,
  readRebuild,
  recordFailure,
  validateProjections,
} from './catalog';
import { type LogPage, type RebuildLogSource, storeLogSource } from './log-source';
import { Mutex } from './mutex';
import type {
  Projection,
  ProjectionState,
  ProjectionStatus,
  ProjectionWriter,
  ReadModelDb,
  RebuildProgress,
  RunnerStatus,
  TableNames,
} from './projection';

/** Pino-compatible (`logger.info(details, message)`); console works too. */
export interface RunnerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  /** The read-model database (see openReadModelDatabase). The runner does not close it. */
  readonly db: ReadModelDb;
  readonly projections: readonly Projection[];
  /** Most events applied in one live transaction; fewer when fewer are available. Default 500. */
  readonly batchSize?: number;
  /**
   * Most events applied in one rebuild transaction. Default 20,000: larger transactions write fewer
   * WAL pages in total. From a source that reads synchronously (`sqliteLogSource`) the events come
   * in pages of 2,000 and a transaction also ends after 500 ms; from any other, this is the page.
   */
  readonly rebuildBatchSize?: number;
  /**
   * Where rebuilds read the log. Default: `store.readAll`. `sqliteLogSource({ path, upcasters })`
   * reads the SQLite store's file directly, which is several times faster (see log-source.ts). The
   * runner closes it on `stop()`.
   */
  readonly rebuildSource?: RebuildLogSource;
  /** Progress of rebuilds the runner starts itself (version changes found at start). */
  readonly onRebuildProgress?: (progress: RebuildProgress) => void;
  readonly logger?: RunnerLogger;
  /** Waits between attempts after the subscription or a transaction failed: min(max, base · 2^attempt). */
  readonly retryDelayMs?: { readonly base: number; readonly max: number };
}

export interface RebuildOptions {
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildReport {
  readonly projections: readonly string[];
  /** Projections whose fresh tables were swapped in. */
  readonly swapped: readonly string[];
  readonly failed: readonly { readonly name: string; readonly error: string }[];
  /** True when `stop()` interrupted it; it resumes at the next start (same version). */
  readonly interrupted: boolean;
  readonly eventsProcessed: number;
  readonly elapsedMs: number;
}

/** Thrown by `rebuild()` when a projection failed or the runner stopped first; `report` says which. */
export class RebuildError extends Error {
  override readonly name = 'RebuildError';
  constructor(readonly report: RebuildReport) {
    super(
      report.interrupted
        ? `Rebuild of ${report.projections.join(', ')} was interrupted by stop().`
        : `Rebuild failed: ${report.failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`,
    );
  }
}

export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
  constructor(readonly projectionName: string) {
    super(`No projection is named ${projectionName}.`);
  }
}

/** One generation of one projection's tables, with the checkpoint stored beside them. */
interface Target {
  readonly name: string;
  /** `serving`: the generation queries read (checkpoint in projection_meta); `building`: a rebuild (projection_rebuilds). */
  readonly kind: 'serving' | 'building';
  readonly version: number;
  readonly generation: number;
  readonly tables: TableNames;
  checkpoint: Position;
  /** Null for a serving generation of an older version: the current code cannot write its tables. */
  readonly writer: ProjectionWriter | null;
  /** The event types its writer acts on (`Projection.eventTypes`); null: every type. */
  readonly types: ReadonlySet<string> | null;
}

interface Slot {
  readonly projection: Projection;
  serving: Target | null;
  /** Whether live events are applied to `serving`: false while frozen at an old version or after a failure. */
  servingLive: boolean;
  building: Target | null;
  state: ProjectionState;
  error: string | null;
  progress: RebuildProgress | null;
  /** The queued or running rebuild job that includes this projection. */
  job: RebuildJob | null;
}

interface RebuildJob {
  readonly slots: readonly Slot[];
  readonly listeners: Set<(progress: RebuildProgress) => void>;
  readonly done: Promise<RebuildReport>;
}

interface Waiter {
  readonly position: Position;
  readonly slots: readonly Slot[];
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

const TICK = Symbol('tick');

/** Events per page read within one rebuild transaction, from a source that reads synchronously. */
const REBUILD_READ_PAGE = 2_000;

/** Longest a rebuild transaction (several pages) runs before it commits and lets other work in. */
const REBUILD_CHUNK_MS = 500;

/** WAL pages between automatic checkpoints while rebuilding (SQLite's default is 1,000). */
const REBUILD_WAL_AUTOCHECKPOINT_PAGES = 20_000;

/**
 * Feeds the read models from the event log.
 *
 * One subscription to `$all` starts at the lowest checkpoint of the live projections and delivers
 * events in batches (up to `batchSize`, or what is available right now). Each batch is ONE SQLite
 * transaction holding every projection's row changes and its new checkpoint, so a crash loses or
 * doubles nothing. Each projection is a savepoint inside it: one that throws is rolled back alone,
 * marked `failed` (with the error, also in projection_meta) and left at its checkpoint, while the
 * others carry on; a restart or `rebuild(name)` retries it.
 *
 * Rebuilds (version changed since the tables were built, or `rebuild(name)`) read the log in pages
 * into fresh tables with their own checkpoint, then swap them in under the runner's lock: the views
 * queries read are re-pointed, the checkpoint moves, the old tables are dropped — one transaction.
 *
 * A plain class: a Nest provider calls `start()` in onApplicationBootstrap and `stop()` on shutdown;
 * the CLI calls `start()`, `rebuild(name, { onProgress })`, `stop()`.
 */
export class ProjectionRunner {
  private readonly store: EventStore;
  private readonly db: ReadModelDb;
  private readonly slots: readonly Slot[];
  private readonly batchSize: number;
  private readonly rebuildBatchSize: number;
  private readonly rebuildSource: RebuildLogSource;
  private readonly logger: RunnerLogger | undefined;
  private readonly retryDelay: { readonly base: number; readonly max: number };
  private readonly lock = new Mutex();
  private waiters: Waiter[] = [];
  private started = false;
  private stopping = false;
  private subscription: AllSubscription | null = null;
  private liveTask: Promise<void> = Promise.resolve();
  private rebuilds: Promise<unknown> = Promise.resolve();
  private wakeFromRetryDelay: (() => void) | null = null;
  private lastLiveError: string | null = null;

  constructor(private readonly options: ProjectionRunnerOptions) {
    validateProjections(options.projections);
    this.store = options.store;
    this.db = options.db;
    this.batchSize = options.batchSize ?? 500;
    this.rebuildBatchSize = options.rebuildBatchSize ?? 20_000;
    this.rebuildSource = options.rebuildSource ?? storeLogSource(options.store);
    this.logger = options.logger;
    this.retryDelay = options.retryDelayMs ?? { base: 100, max: 10_000 };
    this.slots = options.projections.map((projection) => ({
      projection,
      serving: null,
      servingLive: false,
      building: null,
      state: 'starting' as ProjectionState,
      error: null,
      progress: null,
      job: null,
    }));
  }

  /** The projections this runner feeds, in declaration order. */
  get projectionNames(): readonly string[] {
    return this.slots.map((slot) => slot.projection.name);
  }

  /**
   * Loads checkpoints, creates the tables of projections seen for the first time, starts the live
   * subscription and, in the background, rebuilds projections whose version changed (or resumes an
   * interrupted rebuild). Resolves once the subscription is started, not when caught up: use
   * `waitForPosition(await store.headPosition())` for that.
   */
  async start(): Promise<void> {
    if (this.started) throw new Error('The projection runner was already started; create a new one.');
    this.started = true;
    ensureCatalog(this.db);
    ({ inTransaction: this.inTransaction, applyToTarget: this.applyToTarget, checkpointBuilding: this.checkpointBuilding } = this.compileTransactions());
    const toRebuild = this.db.transaction(() => this.slots.filter((slot) => this.loadSlot(slot)))();
    // The live loop and every rebuild wait for the check against the log's head (in the
    // background: start() never awaits the store).
    const checked = this.guardAgainstLogBehind();
    this.rebuilds = checked;
    this.liveTask = checked.then(() => this.runLive());
    if (toRebuild.length > 0) {
      this.logger?.info({ projections: toRebuild.map((slot) => slot.projection.name) }, 'rebuilding projections');
      this.rebuildInBackground(toRebuild);
    }
  }

  /** A rebuild the runner starts itself; one that fails is retried (see retryRebuildAtStart). */
  private rebuildInBackground(slots: readonly Slot[]): void {
    const job = this.enqueueRebuild(slots, this.options.onRebuildProgress);
    job.then(
      (report) => {
        if (report.failed.length === 0 || this.stopping) return;
        this.logger?.error({ failed: report.failed }, 'projection rebuild at start failed; retrying');
        this.retryRebuildAtStart(report.failed.map((failure) => failure.name), 0);
      },
      (error: unknown) => {
        this.logger?.error({ err: error }, 'projection rebuild at start failed; retrying');
        this.retryRebuildAtStart(slots.map((slot) => slot.projection.name), 0);
      },
    );
  }

  /**
   * Read models ahead of the log — a checkpoint beyond the log's head, as after restoring an older
   * copy of the event log beside newer read models — describe events the log does not hold, and
   * the live subscription would stack new events on them. Such projections are started again from
   * zero: empty tables serve meanwhile (waitForPosition waits, readiness says not caught up) and
   * they are rebuilt from the log, with a warning. Asks the store for its head until it answers.
   */
  private async guardAgainstLogBehind(): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt += 1) {
      let head: Position;
      try {
        head = await this.store.headPosition();
      } catch (error) {
        if (this.stopping) return;
        this.lastLiveError = errorMessage(error);
        this.logger?.warn({ err: error, attempt }, 'the event store did not answer; projections wait for it');
        await this.sleep(Math.min(this.retryDelay.max, this.retryDelay.base * 2 ** attempt));
        continue;
      }
      const ahead = this.slots.filter((slot) => (slot.serving?.checkpoint ?? 0) > head || (slot.building?.checkpoint ?? 0) > head);
      if (ahead.length === 0) return;
      this.logger?.warn(
        {
          headPosition: head,
          projections: ahead.map((slot) => ({ name: slot.projection.name, checkpoint: slot.serving?.checkpoint ?? null, rebuildCheckpoint: slot.building?.checkpoint ?? null })),
        },
        'read models are ahead of the event log (an older copy of the log?); rebuilding them from the log',
      );
      this.db.transaction(() => {
        for (const slot of ahead) this.startOver(slot);
      })();
      // Projections already queued for a rebuild (a version change) are rebuilt by that job, after this.
      const rest = ahead.filter((slot) => slot.job === null);
      if (rest.length > 0) this.rebuildInBackground(rest);
      return;
    }
  }

  /** Drops a projection's tables and serves fresh empty ones, as at its first start; a rebuild must follow. */
  private startOver(slot: Slot): void {
    const { projection } = slot;
    if (slot.building) {
      dropTables(this.db, slot.building.tables);
      deleteRebuild(this.db, projection.name);
      slot.building = null;
    }
    const old = slot.serving;
    slot.serving = this.emptyServingGeneration(projection, new Date().toISOString());
    if (old) dropTables(this.db, old.tables);
    slot.servingLive = false;
    slot.state = 'rebuilding';
    slot.error = null;
  }

  /** Points the views to a fresh, empty generation of the code's version, without a writer: a rebuild must fill it. */
  private emptyServingGeneration(projection: Projection, now: string): Target {
    const generation = nextGeneration(this.db, projection.name);
    const tables = physicalTables(projection, generation);
    createGenerationTables(this.db, projection, tables, true);
    pointViews(this.db, tables);
    const record = { name: projection.name, version: projection.version, generation, checkpoint: 0, tables };
    insertMeta(this.db, record, now);
    return { ...record, kind: 'serving', writer: null, types: handledTypes(projection) };
  }

  /**
   * A rebuild at start that failed (the store unreachable on a first start, say) is tried again
   * with back-off until it succeeds or the runner stops: otherwise those projections would stay
   * unbuilt — and readiness 503 — until the next restart.
   */
  private retryRebuildAtStart(names: readonly string[], attempt: number): void {
    if (this.stopping) return;
    const timer = setTimeout(() => {
      if (this.stopping) return;
      this.rebuild(names, { onProgress: this.options.onRebuildProgress }).catch((error: unknown) => {
        if (this.stopping) return;
        this.logger?.error({ err: error, projections: names }, 'projection rebuild failed again; retrying');
        this.retryRebuildAtStart(names, attempt + 1);
      });
    }, Math.min(this.retryDelay.max, this.retryDelay.base * 2 ** attempt));
    timer.unref();
  }

  /** Stops the subscription and any rebuild (which resumes at the next start). Pending waits resolve false. */
  async stop(): Promise<void> {
    if (!this.started || this.stopping) return;
    this.stopping = true;
    this.wakeFromRetryDelay?.();
    await this.subscription?.close();
    await this.liveTask;
    await this.rebuilds.catch(() => undefined);
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters = [];
    for (const slot of this.slots) if (slot.state !== 'failed') slot.state = 'stopped';
    this.rebuildSource.close();
  }

  /**
   * Resolves true once the tables queries read include `position` for every projection (or the
   * named ones), false after `timeoutMs` (the API answers 503 `read-model-behind`).
   */
  waitForPosition(position: Position, timeoutMs: number, projectionNames?: readonly string[]): Promise<boolean> {
    const slots = projectionNames ? projectionNames.map((name) => this.slot(name)) : this.slots;
    if (this.reached(position, slots)) return Promise.resolve(true);
    if (this.stopping || timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.timer !== timer);
        resolve(false);
      }, timeoutMs);
      this.waiters.push({ position, slots, resolve, timer });
    });
  }

  /** Per projection: state, checkpoint, head and lag, rebuild progress and the last error (for /health/ready). */
  async status(): Promise<RunnerStatus> {
    const headPosition = await this.store.headPosition();
    return {
      running: this.started && !this.stopping,
      headPosition,
      projections: this.slots.map((slot): ProjectionStatus => {
        const checkpoint = slot.serving?.checkpoint ?? 0;
        return {
          name: slot.projection.name,
          version: slot.projection.version,
          servingVersion: slot.serving?.version ?? null,
          generation: slot.serving?.generation ?? null,
          state: slot.state,
          checkpoint,
          headPosition,
          lag: Math.max(0, headPosition - checkpoint),
          error: slot.error ?? (slot.servingLive ? this.lastLiveError : null),
          rebuild: slot.progress,
        };
      }),
    };
  }

  /**
   * Rebuilds the named projections (default: all) from the first event into fresh tables, in one pass
   * over the log, while queries keep reading the current tables (kept live meanwhile), then swaps them
   * in. Rebuilds run one after another. Rejects with RebuildError if any failed or `stop()` came first.
   */
  async rebuild(names?: string | readonly string[], options: RebuildOptions = {}): Promise<RebuildReport> {
    if (!this.started || this.stopping) throw new Error('Start the projection runner before rebuilding.');
    const wanted = names === undefined ? this.projectionNames : typeof names === 'string' ? [names] : names;
    const slots = [...new Set(wanted.map((name) => this.slot(name)))];
    // A projection already queued for a rebuild (e.g. by a version change found at start) joins that job.
    const joined = [...new Set(slots.map((slot) => slot.job).filter((job): job is RebuildJob => job !== null))];
    for (const job of joined) if (options.onProgress) job.listeners.add(options.onProgress);
    const rest = slots.filter((slot) => slot.job === null);
    const reports = await Promise.all([
      ...joined.map((job) => job.done),
      ...(rest.length > 0 ? [this.enqueueRebuild(rest, options.onProgress)] : []),
    ]);
    // A joined job may hold other projections too: report on the ones asked for.
    const asked = new Set(slots.map((slot) => slot.projection.name));
    const merged = mergeReports(reports);
    const report: RebuildReport = {
      ...merged,
      projections: merged.projections.filter((name) => asked.has(name)),
      swapped: merged.swapped.filter((name) => asked.has(name)),
      failed: merged.failed.filter((failure) => asked.has(failure.name)),
    };
    if (report.failed.length > 0 || report.interrupted) throw new RebuildError(report);
    return report;
  }

  /** Resolves when every queued rebuild (including those `start()` began) has finished or stopped. */
  async whenRebuildsDone(): Promise<void> {
    for (;;) {
      const current = this.rebuilds;
      await current;
      if (current === this.rebuilds) return;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Start

  /** Loads one projection's generations; returns true when it needs a rebuild. Runs inside a transaction. */
  private loadSlot(slot: Slot): boolean {
    const { projection } = slot;
    const now = new Date().toISOString();
    const meta = readMeta(this.db, projection.name);
    let needsRebuild = false;
    if (!meta) {
      // First time: empty tables serve queries (nothing to show yet) while the projection is built
      // from the log like any rebuild, into a fresh generation with its query indexes made at the end.
      slot.serving = this.emptyServingGeneration(projection, now);
      needsRebuild = true;
    } else if (meta.version === projection.version) {
      slot.serving = { ...meta, kind: 'serving', writer: this.openWriter(slot, meta.tables), types: handledTypes(projection) };
    } else {
      // Another version built these tables: keep serving them, frozen, until the rebuild swaps.
      slot.serving = { ...meta, kind: 'serving', writer: null, types: handledTypes(projection) };
      needsRebuild = true;
    }
    slot.servingLive = slot.serving.writer !== null;
    slot.state = slot.error ? 'failed' : 'running';

    const rebuild = readRebuild(this.db, projection.name);
    if (rebuild && rebuild.version === projection.version) {
      slot.building = { ...rebuild, kind: 'building', writer: this.openWriter(slot, rebuild.tables), types: handledTypes(projection) };
      needsRebuild = slot.building.writer !== null;
      // An interrupted first build: its empty serving tables need no live feeding meanwhile.
      if (slot.serving.checkpoint === 0) slot.servingLive = false;
    } else if (rebuild) {
      dropTables(this.db, rebuild.tables);
      deleteRebuild(this.db, projection.name);
    }
    if (needsRebuild) slot.state = 'rebuilding';
    return needsRebuild;
  }

  private openWriter(slot: Slot, tables: TableNames): ProjectionWriter | null {
    try {
      return slot.projection.writer(this.db, tables);
    } catch (error) {
      this.fail(slot, error);
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Live

  private async runLive(): Promise<void> {
    let attempt = 0;
    while (!this.stopping) {
      try {
        await this.consumeSubscription(() => {
          attempt = 0;
        });
      } catch (error) {
        if (this.stopping) break;
        this.lastLiveError = errorMessage(error);
        this.logger?.warn({ err: error, attempt }, 'projection subscription failed; resubscribing');
        await this.sleep(Math.min(this.retryDelay.max, this.retryDelay.base * 2 ** attempt));
        attempt += 1;
      }
    }
  }

  /** Where the live subscription starts: the lowest checkpoint of the live projections, else the head. */
  private async liveStartPosition(): Promise<Position> {
    const checkpoints = this.slots.filter((slot) => slot.servingLive && slot.serving).map((slot) => slot.serving!.checkpoint);
    return checkpoints.length > 0 ? Math.min(...checkpoints) : this.store.headPosition();
  }

  private async consumeSubscription(onBatchApplied: () => void): Promise<void> {
    const after = await this.liveStartPosition();
    if (this.stopping) return;
    const subscription = this.store.subscribeToAll({ after, batchSize: this.batchSize });
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    try {
      let pending: Promise<IteratorResult<RecordedEvent>> | null = iterator.next();
      while (!this.stopping) {
        const first: IteratorResult<RecordedEvent> = await pending!;
        pending = null;
        if (first.done) return;
        const batch: RecordedEvent[] = [first.value];
        // Take what is already available, without waiting for more: a batch ends at batchSize or when
        // the next event is not there by the next turn of the event loop.
        const tick = new Promise<typeof TICK>((resolve) => setImmediate(() => resolve(TICK)));
        let ended = false;
        while (batch.length < this.batchSize) {
          const next = iterator.next();
          const result = await Promise.race([next, tick]);
          if (result === TICK) {
            pending = next;
            break;
          }
          if (result.done) {
            ended = true;
            break;
          }
          batch.push(result.value);
        }
        await this.lock.run(() => this.applyLiveBatch(batch));
        this.lastLiveError = null;
        onBatchApplied();
        if (ended) return;
        pending ??= iterator.next();
      }
    } finally {
      if (this.subscription === subscription) this.subscription = null;
      await subscription.close();
    }
  }

  private applyLiveBatch(batch: readonly RecordedEvent[]): void {
    const live = this.slots.filter((slot) => slot.servingLive && slot.serving?.writer);
    const failures = this.applyBatch(
      batch,
      live.map((slot) => slot.serving!),
    );
    for (const { target, error } of failures) {
      const slot = this.slot(target.name);
      slot.servingLive = false;
      this.fail(slot, error);
    }
    this.notifyWaiters();
  }

  // ---------------------------------------------------------------------------------------------
  // Applying

  /**
   * Applies a batch to several targets in ONE transaction; each target is a savepoint so that one
   * failing target is rolled back alone (its failure is recorded in the same transaction). Events at
   * or below a target's checkpoint are skipped, so re-delivery never doubles an effect.
   *
   * `separately`: one transaction per target instead (rebuild pages). Each target's rows and
   * checkpoint still commit together, which is all exactly-once needs, and no savepoint is open: in
   * a savepoint SQLite journals every page a statement changes for a possible partial rollback, and
   * with pages of thousands of events that made each UPDATE cost ~6× more (measured on 1M events).
   */
  private applyBatch(
    events: readonly RecordedEvent[],
    targets: readonly Target[],
    last: Position = events[events.length - 1]?.position ?? 0,
    separately = false,
  ): { target: Target; error: unknown }[] {
    if (targets.length === 0 || targets.every((target) => target.checkpoint >= last)) return [];
    const now = new Date().toISOString();
    const failures: { target: Target; error: unknown }[] = [];
    if (separately) {
      for (const target of targets) {
        if (target.checkpoint >= last) continue;
        try {
          this.applyToTarget(target, events, last, now); // a transaction of its own: committed on return
          target.checkpoint = last;
        } catch (error) {
          failures.push({ target, error });
          if (target.kind === 'serving') recordFailure(this.db, target.name, errorMessage(error), now);
        }
      }
      return failures;
    }
    const advanced: Target[] = [];
    this.inTransaction(() => {
      for (const target of targets) {
        if (target.checkpoint >= last) continue;
        try {
          this.applyToTarget(target, events, last, now);
          advanced.push(target);
        } catch (error) {
          failures.push({ target, error });
          if (target.kind === 'serving') recordFailure(this.db, target.name, errorMessage(error), now);
        }
      }
    });
    // Only after the commit: a failed commit leaves the in-memory checkpoints where the database is.
    for (const target of advanced) target.checkpoint = last;
    return failures;
  }

  /** The batch's transaction; `applyToTarget` nests in it as a savepoint per target (or runs as its own transaction). */
  private inTransaction: (section: () => void) => void = notStarted;

  private applyToTarget: (target: Target, events: readonly RecordedEvent[], last: Position, now: string) => void = notStarted;

  /** Moves a building generation's checkpoint (inside the caller's transaction). */
  private checkpointBuilding: (target: Target, position: Position) => void = notStarted;

  /** Applies the events above the target's checkpoint that its projection handles (no transaction of its own). */
  private applyEvents(target: Target, events: readonly RecordedEvent[]): void {
    const writer = target.writer!;
    const from = target.checkpoint;
    const types = target.types;
    // Events the projection does not handle are skipped unread (their JSON may never be parsed).
    for (const event of events) if (event.position > from && (types === null || types.has(event.type))) writer.apply(event);
  }

  private compileTransactions(): {
    inTransaction: (section: () => void) => void;
    applyToTarget: (target: Target, events: readonly RecordedEvent[], last: Position, now: string) => void;
    checkpointBuilding: (target: Target, position: Position) => void;
  } {
    const advanceServing = this.db.prepare('UPDATE projection_meta SET checkpoint = ?, updated_at = ? WHERE name = ? AND generation = ?');
    const advanceBuilding = this.db.prepare('UPDATE projection_rebuilds SET checkpoint = ? WHERE name = ? AND generation = ?');
    return {
      inTransaction: this.db.transaction((section: () => void) => section()),
      checkpointBuilding: (target, position) => {
        if (advanceBuilding.run(position, target.name, target.generation).changes !== 1) {
          throw new Error(`Generation ${target.generation} of ${target.name} is no longer recorded (changed by another process?).`);
        }
      },
      applyToTarget: this.db.transaction((target: Target, events: readonly RecordedEvent[], last: Position, now: string) => {
        this.applyEvents(target, events);
        target.writer!.flush?.();
        const { changes } =
          target.kind === 'serving'
            ? advanceServing.run(last, now, target.name, target.generation)
            : advanceBuilding.run(last, target.name, target.generation);
        // The checkpoint row names the generation: if another process swapped or dropped it, stop here
        // rather than write into tables nobody reads.
        if (changes !== 1) {
          throw new Error(`Generation ${target.generation} of ${target.name} is no longer recorded (changed by another process?).`);
        }
      }),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Rebuild

  private enqueueRebuild(slots: readonly Slot[], onProgress?: (progress: RebuildProgress) => void): Promise<RebuildReport> {
    const listeners = new Set<(progress: RebuildProgress) => void>(onProgress ? [onProgress] : []);
    const done = this.rebuilds.then(() => this.runRebuild(slots, listeners));
    const job: RebuildJob = { slots, listeners, done };
    for (const slot of slots) slot.job = job;
    const clear = (): void => {
      for (const slot of slots) if (slot.job === job) slot.job = null;
    };
    this.rebuilds = done.then(clear, clear);
    return done;
  }

  private async runRebuild(slots: readonly Slot[], listeners: ReadonlySet<(progress: RebuildProgress) => void>): Promise<RebuildReport> {
    const onProgress = (progress: RebuildProgress): void => {
      for (const listener of listeners) listener(progress);
    };
    const names = slots.map((slot) => slot.projection.name);
    const startedAt = Date.now();
    const failed: { name: string; error: string }[] = [];
    let eventsProcessed = 0;
    const report = (interrupted: boolean, swapped: readonly string[] = []): RebuildReport => ({
      projections: names,
      swapped,
      failed,
      interrupted,
      eventsProcessed,
      elapsedMs: Date.now() - startedAt,
    });
    if (this.stopping) return report(true);

    this.db.transaction(() => {
      for (const slot of slots) {
        if (slot.building) {
          // An interrupted or failed rebuild of this version: resume it from its checkpoint, with a fresh writer,
          // as the old one may still hold rows it kept back from a chunk rolled back by a failed read or commit.
          slot.building = { ...slot.building, writer: slot.projection.writer(this.db, slot.building.tables) };
          continue;
        }
        const generation = nextGeneration(this.db, slot.projection.name);
        const tables = physicalTables(slot.projection, generation);
        createGenerationTables(this.db, slot.projection, tables, false);
        const record = { name: slot.projection.name, version: slot.projection.version, generation, checkpoint: 0, tables };
        insertRebuild(this.db, record, new Date().toISOString());
        slot.building = { ...record, kind: 'building', writer: slot.projection.writer(this.db, tables), types: handledTypes(slot.projection) };
      }
    })();
    for (const slot of slots) {
      slot.state = 'rebuilding';
      slot.error = null;
    }

    const building = (): Slot[] => slots.filter((slot) => slot.building !== null);
    const applyPage = (page: LogPage): void => {
      const failures = this.applyBatch(
        page.events,
        building().map((slot) => slot.building!),
        page.scannedUpTo,
        true,
      );
      for (const { target, error } of failures) {
        const slot = this.slot(target.name);
        failed.push({ name: target.name, error: errorMessage(error) });
        this.abandonBuild(slot, error);
      }
      eventsProcessed += page.covered;
    };
    /** The next page from the lowest checkpoint; null at the end of the log. */
    const readPage = async (): Promise<LogPage | null> => {
      const targets = building().map((slot) => slot.building!);
      const after = Math.min(...targets.map((target) => target.checkpoint));
      const page = await this.rebuildSource.readPage(after, this.rebuildBatchSize, typesToRead(targets));
      return page.scannedUpTo > after ? page : null;
    };
    const readPageSync = this.rebuildSource.readPageSync;
    /**
     * With a source that reads synchronously: small pages, several in ONE transaction for every
     * projection being built, up to `rebuildBatchSize` events or REBUILD_CHUNK_MS. Small pages keep
     * few events alive at once (the garbage collector copied every event of a 20,000-event page
     * from the young generation to the old one: a quarter of an audit-log rebuild's CPU), and one
     * commit for many pages writes each changed B-tree page once instead of once per page (tables
     * keyed by UUIDs change pages all over the file). No savepoint is open (see applyBatch); a
     * projection that throws rolls the chunk back for all of them, is abandoned, and the others do
     * the chunk again from their checkpoints. Returns false at the end of the log.
     */
    const applyChunk = (read: NonNullable<RebuildLogSource['readPageSync']>): boolean => {
      const targets = building().map((slot) => slot.building!);
      const types = typesToRead(targets);
      const from = Math.min(...targets.map((target) => target.checkpoint));
      let after = from;
      let covered = 0;
      let end = false; // the last page read found nothing new
      let applying: Target | null = null;
      try {
        this.inTransaction(() => {
          const deadline = performance.now() + REBUILD_CHUNK_MS;
          for (let applied = 0; applied < this.rebuildBatchSize && performance.now() < deadline; ) {
            const page = read(after, Math.min(REBUILD_READ_PAGE, this.rebuildBatchSize - applied), types);
            if (page.scannedUpTo <= after) {
              end = true;
              break;
            }
            for (const target of targets) {
              applying = target;
              this.applyEvents(target, page.events);
            }
            applying = null;
            after = page.scannedUpTo;
            covered += page.covered;
            applied += Math.max(1, page.events.length);
          }
          for (const target of targets) {
            if (target.checkpoint >= after) continue;
            applying = target;
            target.writer!.flush?.();
            this.checkpointBuilding(target, after);
          }
          applying = null;
        });
      } catch (error) {
        if (applying === null) throw error;
        const target: Target = applying;
        failed.push({ name: target.name, error: errorMessage(error) });
        this.abandonBuild(this.slot(target.name), error);
        // The others do the chunk again: fresh writers, so no row one of them kept back from the
        // rolled-back chunk is written twice.
        for (const slot of building()) slot.building = { ...slot.building!, writer: slot.projection.writer(this.db, slot.building!.tables) };
        return building().length > 0;
      }
      // Only after the commit: a failed commit leaves the in-memory checkpoints where the database is.
      for (const target of targets) if (target.checkpoint < after) target.checkpoint = after;
      eventsProcessed += covered;
      // At the end of the log only when this chunk found nothing new (a chunk that applied events
      // is reported as progress; the next finds the end at once).
      return after > from || !end;
    };
    /** Applies the next stretch of the log to the projections being built; false at the end of the log. */
    const step = async (): Promise<boolean> => {
      if (readPageSync) return applyChunk(readPageSync);
      const page = await readPage();
      if (!page) return false;
      applyPage(page);
      return true;
    };

    // Fewer, larger WAL checkpoints while the fresh tables fill (each checkpoint syncs the file).
    const restoreCheckpoints = this.deferWalCheckpoints();
    try {
      // Catch up in pages without the lock: only this job writes the fresh tables.
      for (;;) {
        if (this.stopping) return report(true);
        if (building().length === 0) return report(false);
        if (!(await step())) break;
        const progress = this.progress(names, building(), eventsProcessed, startedAt, await this.store.headPosition());
        for (const slot of building()) slot.progress = progress;
        onProgress(progress);
        // Let queries and HTTP be served between pages.
        await new Promise((resolve) => setImmediate(resolve));
      }

      // Query indexes, in one sorted pass each, before the swap (idempotent: a resumed rebuild may have them).
      this.db.transaction(() => {
        for (const slot of building()) slot.projection.createIndexes?.(this.db, slot.building!.tables);
      })();

      // Under the lock the live loop cannot apply a batch: read to the very end, then swap. Every event
      // the live loop applied before is at or below the fresh checkpoint, and any later one reaches the
      // swapped-in tables through the live subscription.
      const swapped = await this.lock.run(async () => {
        for (;;) {
          if (building().length === 0) return [];
          if (!(await step())) break;
        }
        const ready = building();
        this.db.transaction(() => {
          const now = new Date().toISOString();
          for (const slot of ready) this.swapIn(slot, now);
        })();
        for (const slot of ready) {
          slot.serving = { ...slot.building!, kind: 'serving' };
          slot.servingLive = true;
          slot.building = null;
          slot.state = 'running';
          slot.error = null;
          slot.job = null; // swapped: a rebuild asked for from now on must read the log again
        }
        const head = ready.length > 0 ? Math.max(...ready.map((slot) => slot.serving!.checkpoint)) : 0;
        onProgress(this.progress(names, ready, eventsProcessed, startedAt, head));
        for (const slot of ready) slot.progress = null;
        this.notifyWaiters();
        return ready.map((slot) => slot.projection.name);
      });
      this.logger?.info({ projections: swapped, eventsProcessed, elapsedMs: Date.now() - startedAt }, 'projections rebuilt');
      return report(false, swapped);
    } finally {
      restoreCheckpoints();
    }
  }

  /**
   * Raises SQLite's automatic WAL checkpoint threshold for the duration of a rebuild; returns the
   * function that restores it and checkpoints. A checkpoint copies the WAL into the database file
   * and syncs it: at the default (every 1,000 pages) a rebuild writing gigabytes of rows paid for
   * thousands of syncs. Commits stay as durable as before (synchronous is unchanged).
   */
  private deferWalCheckpoints(): () => void {
    const previous = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.pragma(`wal_autocheckpoint = ${Math.max(previous, REBUILD_WAL_AUTOCHECKPOINT_PAGES)}`);
    return () => {
      this.db.pragma(`wal_autocheckpoint = ${previous}`);
      if (this.db.open) this.db.pragma('wal_checkpoint(PASSIVE)');
    };
  }

  /** Re-points the views and the checkpoint to the rebuilt generation and drops the old tables. */
  private swapIn(slot: Slot, now: string): void {
    const fresh = slot.building!;
    const old = slot.serving;
    insertMeta(this.db, fresh, now);
    pointViews(this.db, fresh.tables);
    if (old && old.generation !== fresh.generation) dropTables(this.db, old.tables);
    deleteRebuild(this.db, fresh.name);
  }

  /** A rebuild that failed: drop its tables; queries keep the serving generation (live if it still is). */
  private abandonBuild(slot: Slot, error: unknown): void {
    const target = slot.building!;
    this.db.transaction(() => {
      dropTables(this.db, target.tables);
      deleteRebuild(this.db, target.name);
    })();
    slot.building = null;
    slot.progress = null;
    slot.job = null;
    if (slot.servingLive) {
      slot.state = 'running';
      slot.error = `rebuild failed: ${errorMessage(error)}`;
      this.logger?.error({ err: error, projection: slot.projection.name }, 'projection rebuild failed; serving tables kept');
    } else {
      this.fail(slot, error);
    }
  }

  private progress(names: readonly string[], slots: readonly Slot[], eventsProcessed: number, startedAt: number, headPosition: Position): RebuildProgress {
    const position = slots.length > 0 ? Math.min(...slots.map((slot) => (slot.building ?? slot.serving)!.checkpoint)) : headPosition;
    const elapsedMs = Math.max(1, Date.now() - startedAt);
    const eventsPerSecond = (eventsProcessed * 1000) / elapsedMs;
    const remaining = Math.max(0, headPosition - position);
    return {
      projections: names,
      position,
      headPosition: Math.max(headPosition, position),
      eventsProcessed,
      eventsPerSecond,
      elapsedMs,
      // Positions count events in the SQLite store; elsewhere this is a rough estimate.
      etaMs: eventsPerSecond > 0 ? (remaining / eventsPerSecond) * 1000 : null,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private fail(slot: Slot, error: unknown): void {
    slot.state = 'failed';
    slot.error = errorMessage(error);
    this.logger?.error({ err: error, projection: slot.projection.name }, 'projection failed; the others keep running');
  }

  private slot(name: string): Slot {
    const slot = this.slots.find((candidate) => candidate.projection.name === name);
    if (!slot) throw new UnknownProjectionError(name);
    return slot;
  }

  private reached(position: Position, slots: readonly Slot[]): boolean {
    return slots.every((slot) => slot.serving !== null && slot.serving.checkpoint >= position);
  }

  private notifyWaiters(): void {
    if (this.waiters.length === 0) return;
    const waiting: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (this.reached(waiter.position, waiter.slots)) {
        clearTimeout(waiter.timer);
        waiter.resolve(true);
      } else {
        waiting.push(waiter);
      }
    }
    this.waiters = waiting;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakeFromRetryDelay = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeFromRetryDelay = wake;
    });
  }

}

function notStarted(): never {
  throw new Error('The projection runner is not started.');
}

function mergeReports(reports: readonly RebuildReport[]): RebuildReport {
  return {
    projections: reports.flatMap((report) => report.projections),
    swapped: reports.flatMap((report) => report.swapped),
    failed: reports.flatMap((report) => report.failed),
    interrupted: reports.some((report) => report.interrupted),
    eventsProcessed: reports.reduce((sum, report) => sum + report.eventsProcessed, 0),
    elapsedMs: Math.max(...reports.map((report) => report.elapsedMs)),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** When every projection being built names its event types, only those are read; else null (all). */
function typesToRead(targets: readonly Target[]): string[] | null {
  return targets.every((target) => target.types !== null) ? [...new Set(targets.flatMap((target) => [...target.types!]))].sort() : null;
}

/** The event types a projection's writer acts on, as the runner filters them; null: every type. */
function handledTypes(projection: Projection): ReadonlySet<string> | null {
  return projection.eventTypes ? new Set(projection.eventTypes) : null;
}
