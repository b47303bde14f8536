import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../../ledger-api/src/config/config';
import { CliError, type CliContext } from '../cli-context';
import { EVENTS_DB_FILE } from './data-dir';
import type { StoreSpec } from './store-spec';

/**
 * The event store the environment configures, read the way the API reads it (api.md, Running:
 * LEDGER_EVENT_STORE, ESDB_CONNECTION_STRING): the data dir's `events.db`, or EventStoreDB.
 * Throws CliError naming every configuration problem, as the API refuses to start on them.
 */
export function configuredStore(context: Pick<CliContext, 'env' | 'cwd'>, dataDir: string): StoreSpec {
  // Only the store's variables are the CLI's business: a bad PORT must not stop `ledger verify`.
  const env = { LEDGER_EVENT_STORE: context.env.LEDGER_EVENT_STORE, ESDB_CONNECTION_STRING: context.env.ESDB_CONNECTION_STRING };
  try {
    const config = loadConfig(env, context.cwd);
    return config.eventStore === 'esdb' ? { kind: 'esdb', connectionString: config.esdbConnectionString! } : { kind: 'sqlite', file: path.join(dataDir, EVENTS_DB_FILE) };
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.problems.join(' '));
    throw error;
  }
}

/** The refusal of a command that works on the embedded store's file only. */
export function embeddedOnly(command: string, why: string): CliError {
  return new CliError(`\`ledger ${command}\` works on the embedded store only (${why}), and LEDGER_EVENT_STORE=esdb is set.`);
}
