import * as fs from 'node:fs';
import * as path from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError } from 'commander';
import { type EventStore, StoreUnavailableError } from '@ledger/event-store';
import { eventStoreSource, sqliteFileSource, verifyEventLog } from '../../../../libs/event-store/src/integrity';
import type { HeadAnchor, IntegrityProblem, VerificationResult, VerificationSource } from '../../../../libs/event-store/src/integrity';
import { CliError, type CliContext } from '../cli-context';
import { configuredStore } from '../support/configured-store';
import { EVENTS_DB_FILE, resolveDataDir } from '../support/data-dir';
import { type StoreSpec, describeStore, openStore } from '../support/store-spec';

/** Exit codes of `verify` and `backup`: intact, problems found, or the command could not run as asked. */
export const EXIT_INTACT = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

export interface VerifyOptions {
  readonly dataDir?: string;
  /** A store file to verify instead of the data dir's (e.g. a backup). */
  readonly file?: string;
  readonly json?: boolean;
  /** A JSON file of stream heads published earlier (anchors). */
  readonly anchors?: string;
  readonly maxProblems?: string;
}

/** Says why the command cannot run as asked and ends it with exit code 2. */
export function usageError(context: CliContext, message: string): CommanderError {
  context.stderr(`error: ${message}\n`);
  return new CommanderError(EXIT_USAGE, 'ledger.usage', message);
}

/**
 * Commander's own usage errors (unknown option, missing argument) end with exit code 2 like ours;
 * --help still ends with 0.
 */
export function exitTwoOnUsageErrors(command: Command): Command {
  return command.exitOverride((error) => {
    if (error.exitCode === 0) throw error;
    throw new CommanderError(EXIT_USAGE, error.code, error.message);
  });
}

/** The store file the options name: --file, else <data dir>/events.db; it must exist (nothing is created). */
export function storeFileOf(options: { readonly dataDir?: string; readonly file?: string }, context: CliContext): string {
  const file = options.file ? path.resolve(context.cwd, options.file) : path.join(resolveDataDir(options.dataDir, context), EVENTS_DB_FILE);
  if (!fs.existsSync(file)) throw usageError(context, `no event store at ${file} (use --data-dir or --file).`);
  return file;
}

/** A progress bar on the terminal only: scripts and CI logs get none. */
export function terminalProgressBar(format: string): SingleBar | undefined {
  if (!process.stderr.isTTY) return undefined;
  return new SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: true, fps: 5 });
}

/**
 * Reads anchors from JSON: a `ledger verify --json` result (`heads` as an object), a
 * `GET /v1/audit/verification` answer (`heads` as a list), or a bare list of {streamId, revision, hash}.
 */
export function parseAnchors(text: string): HeadAnchor[] {
  const parsed = JSON.parse(text) as unknown;
  const heads = Array.isArray(parsed) ? parsed : (parsed as { heads?: unknown } | null)?.heads;
  let list: unknown[];
  if (Array.isArray(heads)) list = heads;
  else if (typeof heads === 'object' && heads !== null) list = Object.entries(heads).map(([streamId, head]) => ({ ...(head as object), streamId }));
  else throw new Error('expected a list of heads or an object with "heads"');
  return list.map((item, index) => {
    const { streamId, revision, hash } = (item ?? {}) as Record<string, unknown>;
    if (typeof streamId !== 'string' || !Number.isInteger(revision) || typeof hash !== 'string') {
      throw new Error(`head #${index} is not {streamId, revision, hash}`);
    }
    return { streamId, revision: revision as number, hash };
  });
}

/** One problem on one line: stream, revision, kind, position, detail. */
export function formatProblem(problem: IntegrityProblem): string {
  const where = problem.streamId === null ? '(log)' : problem.streamId;
  const revision = problem.revision === null ? '' : ` revision ${problem.revision}`;
  const position = problem.position === null ? '' : ` (position ${problem.position})`;
  return `  ${problem.kind}: ${where}${revision}${position}: ${problem.detail}`;
}

/** The human report: a summary line, then every problem kept. */
export function formatReport(result: VerificationResult): string {
  const scope = `${result.eventsChecked} events in ${result.streamsChecked} streams up to position ${result.headPosition} of ${result.source} (checked ${result.checkedAt})`;
  if (result.ok) return `Intact: ${scope}; every hash chain holds.\n`;
  const lines = [`${result.problemCount} problem${result.problemCount === 1 ? '' : 's'} found in ${scope}:`, ...result.problems.map(formatProblem)];
  const untold = result.problemCount - result.problems.length;
  if (untold > 0) lines.push(`  … and ${untold} more (raise --max-problems to list them).`);
  return `${lines.join('\n')}\n`;
}

/** Verifies the store file named by the options; prints the report; returns the result. */
export async function runVerify(options: VerifyOptions, context: CliContext): Promise<VerificationResult> {
  const maxProblems = options.maxProblems === undefined ? 10_000 : Number(options.maxProblems);
  if (!Number.isInteger(maxProblems) || maxProblems < 0) throw usageError(context, '--max-problems must be a non-negative integer.');
  let anchors: HeadAnchor[] | undefined;
  if (options.anchors !== undefined) {
    const anchorFile = path.resolve(context.cwd, options.anchors);
    try {
      anchors = parseAnchors(fs.readFileSync(anchorFile, 'utf8'));
    } catch (error) {
      throw usageError(context, `cannot read anchors from ${anchorFile}: ${(error as Error).message}`);
    }
  }
  const { source, close } = await openVerificationSource(options, context);
  const bar = terminalProgressBar('Verifying [{bar}] {percentage}% | {value}/{total} positions | {events} events');
  let barStarted = false;
  try {
    const result = await verifyEventLog(source, {
      maxProblems,
      ...(anchors ? { anchors } : {}),
      onProgress: ({ eventsChecked, position, headPosition }) => {
        if (!bar) return;
        if (!barStarted) bar.start(headPosition, 0, { events: 0 });
        barStarted = true;
        bar.update(position, { events: eventsChecked });
      },
    });
    bar?.stop();
    context.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
    return result;
  } catch (error) {
    // EventStoreDB unreachable (or refusing): the command could not run as asked.
    if (error instanceof StoreUnavailableError) throw usageError(context, `cannot read ${source.description}: ${error.message}`);
    throw error;
  } finally {
    bar?.stop();
    await close();
  }
}

/**
 * What `verify` reads: `--file`, a store file (e.g. a backup), always read directly; otherwise the
 * configured store (LEDGER_EVENT_STORE): the data dir's `events.db`, read directly and read-only,
 * or EventStoreDB through the store.
 */
async function openVerificationSource(options: VerifyOptions, context: CliContext): Promise<{ source: VerificationSource; close: () => Promise<void> }> {
  if (options.file === undefined) {
    let configured: StoreSpec;
    try {
      configured = configuredStore(context, resolveDataDir(options.dataDir, context));
    } catch (error) {
      if (error instanceof CliError) throw usageError(context, error.message);
      throw error;
    }
    if (configured.kind === 'esdb') {
      if (options.dataDir !== undefined) throw usageError(context, '--data-dir names the embedded store, and LEDGER_EVENT_STORE=esdb is set: verify EventStoreDB without it, or a store file with --file.');
      let store: EventStore;
      try {
        store = await openStore(configured);
      } catch (error) {
        if (error instanceof CliError) throw usageError(context, error.message);
        throw error;
      }
      return { source: eventStoreSource(store, describeStore(configured)), close: () => store.close() };
    }
  }
  const file = storeFileOf(options, context);
  try {
    const source = sqliteFileSource(file);
    return { source, close: async () => source.close() };
  } catch (error) {
    throw usageError(context, `cannot open ${file} as an event store: ${(error as Error).message}`);
  }
}

/** `ledger verify`: walks the whole log and checks every stream's hash chain; exit 0 intact, 1 problems, 2 usage. */
export function registerVerifyCommand(program: Command, context: CliContext): void {
  const command = program
    .command('verify')
    .description("Check the event log's tamper evidence: every stream's hash chain, revisions and positions.")
    .option('--data-dir <dir>', 'data dir of the embedded store (default: LEDGER_DATA_DIR or ./data)')
    .option('--file <db>', 'verify this store file instead (e.g. a backup)')
    .option('--anchors <json>', 'stream heads published earlier (GET /v1/audit/verification or verify --json): each must still match')
    .option('--max-problems <n>', 'problems to list (all are counted)', '10000')
    .option('--json', 'print the whole result as JSON (with every stream head)')
    .addHelpText(
      'after',
      '\nReads the store file read-only, so it can run while the API serves. With LEDGER_EVENT_STORE=esdb\n' +
        '(and no --file) it reads EventStoreDB (ESDB_CONNECTION_STRING) instead.\n' +
        'Exit codes: 0 intact, 1 problems found, 2 usage error (e.g. no store there).\n' +
        'Example:\n  npm run -s ledger -- verify --data-dir ./data --json > verification.json\n',
    )
    .action(async (options: VerifyOptions) => {
      const result = await runVerify(options, context);
      if (!result.ok) throw new CommanderError(EXIT_PROBLEMS, 'ledger.verify.problems', `${result.problemCount} integrity problem(s) found.`);
    });
  exitTwoOnUsageErrors(command);
}
