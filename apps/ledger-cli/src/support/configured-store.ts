import type { EventStore } from '@ledger/event-store';
import { ConfigError, loadConfig } from '../../../ledger-api/src/config/config';
import { openEventStore } from '../../../ledger-api/src/event-store/open-event-store';
import { CliError, type CliContext } from '../cli-context';

/**
 * Which event store the environment configures, read the way the API reads it (api.md, Running:
 * LEDGER_EVENT_STORE, ESDB_CONNECTION_STRING): the embedded store (the data dir's `events.db`,
 * which the commands open themselves: read-only, or page by page straight from the file), or
 * EventStoreDB (opened through the API's own `openEventStore`).
 */
export type ConfiguredStore = { readonly kind: 'sqlite' } | { readonly kind: 'esdb'; readonly connectionString: string };

/** Throws CliError naming every configuration problem, as the API refuses to start on them. */
export function configuredStore(context: Pick<CliContext, 'env' | 'cwd'>): ConfiguredStore {
  // Only the store's variables are the CLI's business: a bad PORT must not stop `ledger verify`.
  const env = { LEDGER_EVENT_STORE: context.env.LEDGER_EVENT_STORE, ESDB_CONNECTION_STRING: context.env.ESDB_CONNECTION_STRING };
  try {
    const config = loadConfig(env, context.cwd);
    return config.eventStore === 'esdb' ? { kind: 'esdb', connectionString: config.esdbConnectionString! } : { kind: 'sqlite' };
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.problems.join(' '));
    throw error;
  }
}

/** EventStoreDB as the API opens it (connects lazily: an unreachable server fails the first operation). */
export async function openConfiguredEsdb(store: Extract<ConfiguredStore, { kind: 'esdb' }>, dataDir: string): Promise<EventStore> {
  try {
    return await openEventStore({ eventStore: 'esdb', dataDir, esdbConnectionString: store.connectionString });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.problems.join(' '));
    throw error;
  }
}

/** The connection string without credentials, for messages (`esdb://user:secret@host` → `esdb://host`). */
export function describeEsdb(connectionString: string): string {
  return `EventStoreDB at ${connectionString.replace(/^(esdb(?:\+discover)?:\/\/)[^@/]*@/, '$1')}`;
}

/** The refusal of a command that works on the embedded store's file only. */
export function embeddedOnly(command: string, why: string): CliError {
  return new CliError(`\`ledger ${command}\` works on the embedded store only (${why}), and LEDGER_EVENT_STORE=esdb is set.`);
}
