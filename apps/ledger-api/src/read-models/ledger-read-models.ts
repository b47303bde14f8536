import { type EventStore, LEDGER_UPCASTERS, withUpcasting } from '@ledger/event-store';
import { createReadModels, type ProjectionRunner, type ReadModelDb, type RunnerLogger, sqliteLogSource } from '@ledger/projections';
import type { LedgerApiConfig } from '../config/config';
import { embeddedStoreFile } from '../event-store/open-event-store';

/** The runner's logger plus the level rebuild progress is reported at. */
export interface ReadModelsLogger extends RunnerLogger {
  debug(details: object, message: string): void;
}

/**
 * The ledger's read models over `store` (the raw store; the read side sees it through the
 * ledger's upcasters): `<dataDir>/read-models.db` and the runner that feeds it. Free of Nest: the
 * API runs it in its projection worker (projection-worker.ts) or, with
 * LEDGER_PROJECTIONS_IN_WORKER=false, in its own thread.
 */
export function createLedgerReadModels(
  store: EventStore,
  config: Pick<LedgerApiConfig, 'dataDir'>,
  logger: ReadModelsLogger,
): { db: ReadModelDb; runner: ProjectionRunner } {
  const storeFile = embeddedStoreFile(store);
  return createReadModels({
    store: withUpcasting(store, LEDGER_UPCASTERS),
    dataDir: config.dataDir,
    // On the embedded store, rebuilds read the log's file directly (several times faster than
    // through the port); live updates still come through the store's subscription.
    ...(storeFile !== undefined ? { rebuildSource: sqliteLogSource({ path: storeFile, upcasters: LEDGER_UPCASTERS }) } : {}),
    logger,
    onRebuildProgress: (progress) => logger.debug({ progress }, 'projection rebuild progress'),
  });
}
