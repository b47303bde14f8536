import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import {
  BackupTargetExistsError,
  backupSqliteFile,
  sqliteFileSource,
  verifyEventLog,
} from '../../../../libs/event-store/src/integrity';
import type { SqliteBackupResult, VerificationResult } from '../../../../libs/event-store/src/integrity';
import { CliError, type CliContext } from '../cli-context';
import { configuredStore, embeddedOnly } from '../support/configured-store';
import { resolveDataDir } from '../support/data-dir';
import { EXIT_PROBLEMS, exitTwoOnUsageErrors, formatReport, storeFileOf, terminalProgressBar, usageError } from './verify.command';

export interface BackupOptions {
  readonly dataDir?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

export interface BackupReport {
  readonly backup: SqliteBackupResult;
  /** The copy's own verification: what a restore from it would start from. */
  readonly verification: VerificationResult;
}

/**
 * Copies the embedded store online to `target`, then verifies the copy (hash chains, revisions,
 * positions) and reports both. The copy is kept even when verification finds problems: it is a
 * faithful copy, and the problems are the store's.
 */
export async function runBackup(target: string, options: BackupOptions, context: CliContext): Promise<BackupReport> {
  // In EventStoreDB mode a data dir's events.db is at best the log from before a migration: copying
  // it and calling the copy intact would pass for a backup of the ledger.
  let embedded: boolean;
  try {
    embedded = configuredStore(context, resolveDataDir(options.dataDir, context)).kind === 'sqlite';
  } catch (error) {
    if (error instanceof CliError) throw usageError(context, error.message);
    throw error;
  }
  if (!embedded) throw usageError(context, embeddedOnly('backup', 'it copies a data dir\'s events.db; back up EventStoreDB as docs/eventstoredb.md#backups says').message);
  const source = storeFileOf(options, context);
  const targetFile = path.resolve(context.cwd, target);
  const bar = terminalProgressBar('Backing up [{bar}] {percentage}% | {value}/{total} pages');
  let barStarted = false;
  let backup: SqliteBackupResult;
  try {
    backup = await backupSqliteFile(source, targetFile, {
      force: options.force === true,
      onProgress: ({ totalPages, remainingPages }) => {
        if (!bar) return;
        if (!barStarted) bar.start(totalPages, 0);
        barStarted = true;
        bar.setTotal(totalPages);
        bar.update(totalPages - remainingPages);
      },
    });
  } catch (error) {
    if (error instanceof BackupTargetExistsError) throw usageError(context, error.message);
    throw usageError(context, `cannot back up ${source} to ${targetFile}: ${(error as Error).message}`);
  } finally {
    bar?.stop();
  }

  const copy = sqliteFileSource(backup.file);
  let verification: VerificationResult;
  try {
    verification = await verifyEventLog(copy);
  } finally {
    copy.close();
  }
  if (options.json) {
    context.stdout(`${JSON.stringify({ backup, verification }, null, 2)}\n`);
  } else {
    const restarts = backup.restarts > 0 ? `, restarted ${backup.restarts}× by concurrent writes` : '';
    context.stdout(
      `Backed up ${source} to ${backup.file}: ${verification.eventsChecked} events, ${backup.bytes} bytes, ` +
        `${backup.pages} pages${restarts}; SQLite quick_check: ${backup.quickCheck}.\nVerification of the copy: ${formatReport(verification)}`,
    );
  }
  return { backup, verification };
}

/** `ledger backup <file>`: exit 0 when the copy is made and verifies, 1 when it has integrity problems, 2 on usage errors. */
export function registerBackupCommand(program: Command, context: CliContext): void {
  const command = program
    .command('backup')
    .description('Copy the embedded event store online (SQLite backup API) to <file>, then verify the copy.')
    .argument('<file>', 'where to write the copy (refused if it exists, unless --force)')
    .option('--data-dir <dir>', 'data dir of the embedded store (default: LEDGER_DATA_DIR or ./data)')
    .option('--force', 'replace <file> if it exists')
    .option('--json', 'print the backup and the verification of the copy as JSON')
    .addHelpText(
      'after',
      '\nSafe while the API serves: the copy is one consistent state of the log that holds every\n' +
        'append acknowledged before the backup began. Restore: see RELIABILITY.md. With\n' +
        'LEDGER_EVENT_STORE=esdb it refuses: back up EventStoreDB as docs/eventstoredb.md#backups says.\n' +
        'Exit codes: 0 copied and intact, 1 the copy has integrity problems (kept), 2 usage error.\n',
    )
    .action(async (target: string, options: BackupOptions) => {
      const { verification } = await runBackup(target, options, context);
      if (!verification.ok) {
        throw new CommanderError(EXIT_PROBLEMS, 'ledger.backup.problems', `The copy has ${verification.problemCount} integrity problem(s).`);
      }
    });
  exitTwoOnUsageErrors(command);
}
