import { type EventStore, LEDGER_UPCASTERS, type Position, withUpcasting } from '@ledger/event-store';
import {
  allProjections,
  type AuditLogReader,
  type EventsAtReader,
  openReadModelDatabase,
  type ReadModelDb,
  readModelDatabasePath,
  readServingVersions,
  type RunnerStatus,
  sqliteEventReader,
} from '@ledger/projections';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../config/config.module';
import type { LedgerApiConfig } from '../config/config';
import { problem, ProblemException } from '../errors/problem-details';
import { commitSignalsOf, embeddedStoreFile } from '../event-store/open-event-store';
import { EVENT_STORE } from '../event-store/event-store.tokens';
import { ReadinessRegistry } from '../health/readiness.registry';
import { LOGGER } from '../logging/logging.module';
import { createLedgerReadModels, type ReadModelsLogger } from './ledger-read-models';
import { type ProjectionHost, ProjectionWorker, servingCheckpoints } from './projection-worker-host';
import { judgeProjection } from './projection-readiness';
import { UpgradeGate } from './upgrade-gate';
import { READ_MODELS_SETTINGS, type ReadModelsSettings } from './read-models.settings';

/** Prefix of the per-projection readiness checks: `projection:partners`, `projection:audit-log`, … */
export const PROJECTION_CHECK_PREFIX = 'projection:';

/**
 * The read side of this API instance: the read-model database (`<dataDir>/read-models.db`), the
 * projection runner that feeds it from the event log, and the event log itself as the read side
 * sees it (through the ledger's upcasters, so history and as-of replays get current shapes).
 *
 * The runner runs in a worker thread by default (ProjectionWorker, projection-worker.ts): it has
 * its own connections to the store and to read-models.db, and this thread keeps one to
 * read-models.db for the queries. Commits of the embedded store are signalled to it, so the read
 * models follow as closely as when the runner ran here. `LEDGER_PROJECTIONS_IN_WORKER=false` runs
 * the runner in this thread on the app's store instead, as does an embedded store with no file.
 *
 * Lifecycle: the worker is spawned when this provider is created (it loads while the app
 * initializes); the runner starts with the app (onApplicationBootstrap, before the server listens)
 * and stops when shutdown begins (beforeApplicationShutdown, while the store is still open); the
 * database closes after the server has finished its in-flight requests (onApplicationShutdown).
 * One readiness check per projection keeps `/health/ready` at 503 until each has caught up with
 * the log's head as of startup. Nothing here awaits the event store during startup: with the store
 * unreachable the app still starts, and reports itself not ready until the store answers.
 */
@Injectable()
export class ReadModels implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  /** The event log, upcast: what history, as-of and authorization-check reads replay. */
  readonly log: EventStore;
  /** Where the audit log reads a page's bodies: on the embedded store its file, in one query per page; else the log. */
  readonly auditLog: AuditLogReader;
  private readonly eventReader: EventsAtReader | null;
  /** The read-model database as queries read it. */
  readonly db: ReadModelDb;
  readonly runner: ProjectionHost;
  /** The runner runs in the projection worker (else in this thread, on the app's store). */
  private readonly inWorker: boolean;
  private startupHead: Position | null = null;
  private readonly caughtUp = new Set<string>();
  private statusInFlight: Promise<RunnerStatus> | null = null;
  private stopCommitSignals: (() => void) | null = null;
  private closed = false;
  private warnedStoreDown = false;
  /** Refuses queries of projections whose rebuild for a new version has not swapped in yet. */
  private readonly upgrades = new UpgradeGate(new Map(allProjections.map((projection) => [projection.name, projection.version])));
  private upgradeWatch: NodeJS.Timeout | undefined;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(APP_CONFIG) config: LedgerApiConfig,
    @Inject(READ_MODELS_SETTINGS) private readonly settings: ReadModelsSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.log = withUpcasting(store, LEDGER_UPCASTERS);
    // The app's store, which may not be the configured one (createApp's `store`): readers of its file open that file.
    const storeFile = embeddedStoreFile(store);
    this.eventReader = storeFile !== undefined ? sqliteEventReader({ path: storeFile, upcasters: LEDGER_UPCASTERS }) : null;
    this.auditLog = this.eventReader ?? this.log;
    const childLogger = logger.child({ component: 'projections' });
    const runnerLogger: ReadModelsLogger = {
      debug: (details, message) => childLogger.debug(details, message),
      info: (details, message) => childLogger.info(details, message),
      warn: (details, message) => childLogger.warn(details, message),
      error: (details, message) => childLogger.error(details, message),
    };
    // The worker opens the store itself, so it can follow an embedded store only through its file.
    this.inWorker = settings.projectionsInWorker && (config.eventStore === 'esdb' || storeFile !== undefined);
    if (!this.inWorker) {
      ({ db: this.db, runner: this.runner } = createLedgerReadModels(store, config, runnerLogger));
      return;
    }
    const db = openReadModelDatabase(readModelDatabasePath(config.dataDir), { cacheSizeMb: 8 });
    this.db = db;
    const worker = new ProjectionWorker({
      data: { config: { eventStore: config.eventStore, dataDir: config.dataDir, esdbConnectionString: config.esdbConnectionString }, storeFile },
      projections: allProjections,
      logger: runnerLogger,
      headPosition: () => this.log.headPosition(),
      checkpoints: () => servingCheckpoints(db),
    });
    worker.prepare();
    this.runner = worker;
    const signals = commitSignalsOf(store);
    if (signals) this.stopCommitSignals = signals.onAppendsCommitted(() => worker.notifyAppended());
  }

  onModuleInit(): void {
    for (const name of this.runner.projectionNames) {
      this.readiness.register({ name: `${PROJECTION_CHECK_PREFIX}${name}`, check: () => this.checkProjection(name) });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    // start() touches only the read-model file: the subscription and any rebuild run in the
    // background and retry while the store is unreachable, so the API comes up and says it is
    // not ready instead of exiting.
    await this.runner.start();
    this.logger.info({ projections: this.runner.projectionNames, inWorker: this.inWorker }, 'Projection runner started');
    this.watchUpgrades();
    void this.startupHeadPosition();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Waiting reads resolve (→ 503) and the subscription ends while the store is still open.
    this.stopCommitSignals?.();
    clearInterval(this.upgradeWatch);
    await this.runner.stop();
  }

  onApplicationShutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.eventReader?.close();
    this.logger.info('Read-model database closed');
  }

  /**
   * Every query calls this with the projections it reads. Throws 503 `unavailable` while one of them
   * is being rebuilt for a new version (UpgradeGate). Then read your writes (api.md, Reads): resolves
   * once the named projections include `minPosition` (a decimal position a write returned), at once
   * when none is given; after the configured wait (LEDGER_MIN_POSITION_WAIT_MS, default 5 s) throws
   * 503 `read-model-behind`.
   */
  async includePosition(minPosition: string | undefined, projections: readonly string[]): Promise<void> {
    // First: a projection still serving tables of an older version cannot be read at all (503).
    this.upgrades.assertReadable(projections);
    if (minPosition === undefined) return;
    const position = Number(minPosition);
    const reached = await this.runner.waitForPosition(position, this.settings.minPositionWaitMs, projections);
    if (reached) return;
    throw new ProblemException(
      problem(503, 'read-model-behind', `The read models did not reach position ${minPosition} within ${this.settings.minPositionWaitMs} ms; retry shortly.`, {
        details: { minPosition, projections: [...projections] },
      }),
      { 'retry-after': '1' },
    );
  }

  /**
   * Learns which projections serve tables of another version (UpgradeGate), from the read-model
   * file: the swap writes the serving version in the same transaction as it re-points the queries'
   * views. Looks again every second until none does; versions only change at start, so once all
   * match they stay so.
   */
  private watchUpgrades(): void {
    const look = (): void => {
      this.upgrades.update(readServingVersions(this.db));
      if (!this.upgrades.upgrading) clearInterval(this.upgradeWatch);
    };
    look();
    if (!this.upgrades.upgrading) return;
    this.logger.warn({ servingVersions: this.upgrades.describe() }, 'Read models of another version are being rebuilt; their queries answer 503 until they swap in');
    this.upgradeWatch = setInterval(look, 1_000);
    this.upgradeWatch.unref();
  }

  /** One status for all the projection checks of one readiness call. */
  private status(): Promise<RunnerStatus> {
    this.statusInFlight ??= this.runner.status().finally(() => (this.statusInFlight = null));
    return this.statusInFlight;
  }

  /**
   * The head the projections must reach before the instance is ready: the log's head when the app
   * started, or when the store first answered if it could not be reached then.
   */
  private async startupHeadPosition(): Promise<Position | null> {
    if (this.startupHead !== null) return this.startupHead;
    try {
      this.startupHead ??= await this.log.headPosition();
    } catch (error) {
      if (!this.warnedStoreDown) this.logger.warn({ err: error }, 'The event store did not answer; the read models wait for it');
      this.warnedStoreDown = true;
      return null;
    }
    return this.startupHead;
  }

  private async checkProjection(name: string): Promise<{ ready: boolean; reason?: string }> {
    await this.startupHeadPosition();
    const status = await this.status();
    const projection = status.projections.find((candidate) => candidate.name === name);
    if (!projection) return { ready: false, reason: 'Unknown projection.' };
    const judged = judgeProjection(projection, {
      runnerRunning: status.running,
      startupHead: this.startupHead,
      caughtUpBefore: this.caughtUp.has(name),
    });
    if (judged.caughtUp) this.caughtUp.add(name);
    return judged.ready ? { ready: true } : { ready: false, reason: judged.reason ?? 'not ready' };
  }
}
