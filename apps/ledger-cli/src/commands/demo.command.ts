import { createSqliteEventStore } from '@ledger/event-store';
import { Command } from 'commander';
import { CliError, type CliContext } from '../cli-context';
import { type DemoProgress, type DemoSummary, StoreNotEmptyError, formatDemoSummary, generateDemoLedger } from '../demo';
import { configuredStore, embeddedOnly } from '../support/configured-store';
import { createProgressBar, formatCount, formatDuration } from '../support/progress-bar';
import { resolveDataDir } from '../support/data-dir';

export interface DemoCommandOptions {
  readonly partners: string;
  readonly customers: string;
  readonly seed: string;
  readonly dataDir?: string;
  readonly fast?: boolean;
  readonly concurrency: string;
  readonly longHistory: string;
  /** false with --no-progress. */
  readonly progress: boolean;
}

function count(name: string, value: string, min: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new CliError(`--${name} must be an integer ≥ ${min}, got ${value}.`);
  return parsed;
}

/**
 * Fills `<data-dir>/events.db` (which must be empty) with the seeded demo ledger, running every
 * command through its real execute function. Durable like the API's store unless `--fast`.
 */
export async function runDemo(options: DemoCommandOptions, context: CliContext): Promise<DemoSummary> {
  const partners = count('partners', options.partners, 3);
  const customers = count('customers', options.customers, 0);
  const seed = count('seed', options.seed, 0);
  const concurrency = count('concurrency', options.concurrency, 1);
  const longHistoryCustomers = count('long-history', options.longHistory, 0);
  const configured = configuredStore(context, resolveDataDir(options.dataDir, context));
  if (configured.kind === 'esdb') {
    throw embeddedOnly('demo', 'it fills a data dir\'s events.db; to try EventStoreDB with demo data, fill a data dir, then `ledger copy --from sqlite:<dir>/events.db --to esdb`');
  }
  const file = configured.file;
  const store = createSqliteEventStore({ path: file, durable: !options.fast });
  context.stderr(`Filling ${file} (${options.fast ? 'fast: not durable' : 'durable'}; seed ${seed}) with ${formatCount(partners)} partners and ${formatCount(customers)} customers…\n`);
  const bar = options.progress
    ? createProgressBar('demo {phase} [{bar}] {percentage}% | {value}/{total} commands | {events} events | {rate} ev/s | {elapsed} elapsed, {timeLeft} left')
    : undefined;
  try {
    return await generateDemoLedger(store, {
      partners,
      customers,
      seed,
      concurrency,
      longHistoryCustomers,
      onProgress: bar
        ? (progress: DemoProgress) =>
            bar.update(progress.commandsDone, progress.commandsTotal, {
              phase: progress.phase.padEnd(12),
              events: formatCount(progress.events),
              rate: formatCount(progress.eventsPerSecond),
              elapsed: formatDuration(progress.elapsedMs),
              timeLeft: formatDuration(progress.etaMs),
            })
        : undefined,
    });
  } catch (error) {
    if (error instanceof StoreNotEmptyError) {
      throw new CliError(`${file} already holds events (head position ${error.headPosition}): the demo fills an empty store. Use another --data-dir.`);
    }
    throw error;
  } finally {
    bar?.stop();
    await store.close();
  }
}

/** `ledger demo`: the summary on stdout, progress on stderr. */
export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('Fill an empty store with realistic, seeded relationship histories, through the real command handlers.')
    .option('--partners <n>', 'partners to enrol (all three types, several clouds, mostly global)', '100')
    .option('--customers <n>', 'customers to register, with their relationships, DAP grants and subscriptions', '10000')
    .option('--seed <n>', 'the same seed plans the same ledger', '42')
    .option('--data-dir <dir>', 'data dir of the store (default: LEDGER_DATA_DIR or ./data)')
    .option('--fast', 'do not sync every commit to disk (a power cut may lose the end; fine for a demo)')
    .option('--concurrency <n>', 'stories (a partner, a partnership, a customer) in flight at once', '128')
    .option('--long-history <n>', 'customers whose stream gets about 1,000 events (for as-of reads)', '1')
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      '\nAbout 10 events per customer: --partners 1000 --customers 100000 writes about 1M events.\n' +
        'Run it with the API stopped or before starting it; the API builds its read models at start\n' +
        '(or run `ledger rebuild` afterwards).\n',
    )
    .action(async (options: DemoCommandOptions) => {
      const summary = await runDemo(options, context);
      context.stdout(formatDemoSummary(summary));
      if (summary.refused > 0) throw new CliError(`${summary.refused} demo commands were refused by the ledger's rules (a bug in the demo plan).`);
    });
}
