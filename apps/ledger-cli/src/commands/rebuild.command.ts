import * as fs from 'node:fs';
import Database from 'better-sqlite3';
import { type EventStore, StoreUnavailableError, createSqliteEventStore } from '@ledger/event-store';
import { RebuildError, type RebuildProgress, type RebuildReport, allProjections, createReadModels, readModelDatabasePath, sqliteLogSource } from '@ledger/projections';
import { Command } from 'commander';
import { LEDGER_UPCASTERS, withUpcasting } from '../../../../libs/event-store/src/upcasting';
import { CliError, type CliContext } from '../cli-context';
import { configuredStore } from '../support/configured-store';
import { resolveDataDir } from '../support/data-dir';
import { createProgressBar, formatCount, formatDuration } from '../support/progress-bar';
import { describeStore, openStore } from '../support/store-spec';

export interface RebuildCommandOptions {
  readonly dataDir?: string;
  /** false with --no-progress. */
  readonly progress: boolean;
}

const PROJECTION_NAMES: readonly string[] = allProjections.map((projection) => projection.name);

/** Refuses names that are not projections, listing the valid ones; none means all. */
export function checkProjectionNames(names: readonly string[]): readonly string[] {
  const unknown = names.filter((name) => !PROJECTION_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new CliError(`${unknown.map((name) => `"${name}"`).join(', ')} ${unknown.length === 1 ? 'is not a projection' : 'are not projections'}; the projections are: ${PROJECTION_NAMES.join(', ')}.`);
  }
  return names.length > 0 ? [...new Set(names)] : PROJECTION_NAMES;
}

/**
 * One process owns the read-model file (projections/runner/README.md): its runner's view of the
 * generations must not change underneath it. Every open connection to a WAL database holds a
 * shared lock on it, so an exclusive lock that cannot be had right now means another process — most
 * likely the API — has the file open.
 */
export function assertNoOtherOwner(file: string): void {
  if (!fs.existsSync(file)) return;
  const probe = new Database(file, { timeout: 0 });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new CliError(`${file} is open in another process (is the API running?). Stop it first: one process owns the read models.`);
    }
    throw error;
  } finally {
    probe.close();
  }
}

/**
 * Rebuilds the named projections (default: all) of a data dir from the first event into fresh
 * tables, in one pass over the log, then swaps them in. Must run with the API stopped. The log is
 * the configured store's (LEDGER_EVENT_STORE): the data dir's `events.db`, read page by page
 * straight from the file, or EventStoreDB, read through the store; the read models are the data
 * dir's either way, as for the API.
 */
export async function runRebuild(names: readonly string[], options: RebuildCommandOptions, context: CliContext): Promise<RebuildReport> {
  const wanted = checkProjectionNames(names);
  const dataDir = resolveDataDir(options.dataDir, context);
  const configured = configuredStore(context, dataDir);
  if (configured.kind === 'sqlite' && !fs.existsSync(configured.file)) throw new CliError(`There is no event store at ${configured.file}. Give the API's --data-dir.`);
  const readModelsFile = readModelDatabasePath(dataDir);
  assertNoOtherOwner(readModelsFile);

  let store: EventStore;
  let models: ReturnType<typeof createReadModels>;
  let from: string;
  if (configured.kind === 'sqlite') {
    store = withUpcasting(createSqliteEventStore({ path: configured.file }), LEDGER_UPCASTERS);
    // Rebuild pages are read straight from the store's file (faster than through the port; same
    // upcasting), while the runner's live feed and heads go through the store.
    models = createReadModels({ store, path: readModelsFile, rebuildSource: sqliteLogSource({ path: configured.file, upcasters: LEDGER_UPCASTERS }) });
    from = configured.file;
  } else {
    from = describeStore(configured);
    store = withUpcasting(await openStore(configured), LEDGER_UPCASTERS);
    // The runner waits for a store that does not answer (the API serves meanwhile); this command
    // has nothing to do without it, so it asks once and stops with the reason.
    try {
      await store.headPosition();
    } catch (error) {
      await store.close();
      if (error instanceof StoreUnavailableError) throw new CliError(`Cannot read the log from ${from}: ${error.message}`);
      throw error;
    }
    fs.mkdirSync(dataDir, { recursive: true });
    models = createReadModels({ store, path: readModelsFile });
  }
  const { db, runner } = models;
  // Keep the file to ourselves while rebuilding: an API started meanwhile fails to open it instead
  // of serving (and feeding) generations this process is about to swap.
  db.pragma('locking_mode = EXCLUSIVE');
  const bar = options.progress ? createProgressBar('rebuild [{bar}] {percentage}% | {value}/{total} events | {rate} ev/s | {elapsed} elapsed, {timeLeft} left') : undefined;
  const interrupt = (): void => {
    context.stderr('\nStopping; the rebuild resumes where it stopped at the next start of the API or of this command.\n');
    void runner.stop();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  context.stderr(`Rebuilding ${wanted.join(', ')} from ${from} into ${readModelsFile}…\n`);
  try {
    await runner.start();
    return await runner.rebuild(wanted, {
      onProgress: (progress: RebuildProgress) =>
        bar?.update(progress.position, progress.headPosition, {
          rate: formatCount(progress.eventsPerSecond),
          elapsed: formatDuration(progress.elapsedMs),
          timeLeft: formatDuration(progress.etaMs),
        }),
    });
  } catch (error) {
    if (error instanceof RebuildError) throw new CliError(error.message);
    if (error instanceof StoreUnavailableError) throw new CliError(`Cannot read the log from ${from}: ${error.message}`);
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    bar?.stop();
    await runner.stop();
    db.close();
    await store.close();
  }
}

/** `ledger rebuild [name...]`: a summary on stdout, progress on stderr. */
export function registerRebuildCommand(program: Command, context: CliContext): void {
  program
    .command('rebuild')
    .description('Rebuild read models from the first event into fresh tables, then swap them in.')
    .argument('[name...]', `projections to rebuild (default: all): ${PROJECTION_NAMES.join(', ')}`)
    .option('--data-dir <dir>', 'data dir of the store and the read models (default: LEDGER_DATA_DIR or ./data)')
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      '\nRun it with the API stopped: one process owns read-models.db (the command refuses when another\n' +
        'process has it open). Several projections share one pass over the log. Interrupted (Ctrl-C), a\n' +
        'rebuild resumes where it stopped at the next start. With LEDGER_EVENT_STORE=esdb the log is read\n' +
        'from EventStoreDB (ESDB_CONNECTION_STRING); the read models stay in the data dir.\n',
    )
    .action(async (names: string[], options: RebuildCommandOptions) => {
      const report = await runRebuild(names, options, context);
      const seconds = report.elapsedMs / 1000;
      context.stdout(
        `Rebuilt ${report.swapped.join(', ')} from ${formatCount(report.eventsProcessed)} events in ${seconds.toFixed(1)} s ` +
          `(${formatCount(report.eventsProcessed / Math.max(seconds, 0.001))} events/s).\n`,
      );
    });
}
