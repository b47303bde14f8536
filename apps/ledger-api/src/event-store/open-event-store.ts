import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSqliteEventStore, type EventStore, SqliteEventStore, withStreamReadCache } from '@ledger/event-store';
import { ConfigError, type LedgerApiConfig } from '../config/config';

/*
 * Free of Nest on purpose: the projection worker (read-models/projection-worker.ts) opens the
 * configured store here too, in a thread that loads no framework.
 */

/** File name of the embedded store inside the data dir. */
export const EVENT_DB_FILE = 'events.db';

/** Where openEventStore reports dropped EventStoreDB subscriptions (a pino logger fits). */
export interface EventStoreWarnings {
  warn(details: object, message: string): void;
}

export interface OpenEventStoreOptions {
  /** Embedded store: the file to open instead of `<dataDir>/events.db` (the projection worker opens the app's store's file). */
  readonly file?: string;
  /** Embedded store: how often a caught-up subscription looks for appends made elsewhere (default 200 ms; set only by tests). */
  readonly pollIntervalMs?: number;
}

/**
 * Opens the store the configuration names (api.md, Running); the API, its projection worker and
 * the CLI all open it here. EventStoreDB connects lazily, so an unreachable server does not stop
 * the process: operations answer StoreUnavailableError (503), readiness says why, and
 * EventStoreConnectionWatch retries with back-off until it answers. `logger` (optional) hears
 * about dropped subscriptions.
 */
export async function openEventStore(
  config: Pick<LedgerApiConfig, 'eventStore' | 'dataDir' | 'esdbConnectionString'>,
  logger?: EventStoreWarnings,
  options: OpenEventStoreOptions = {},
): Promise<EventStore> {
  switch (config.eventStore) {
    case 'sqlite':
      fs.mkdirSync(config.dataDir, { recursive: true });
      // Commands and reads re-read the same short streams all the time: whole-stream reads take
      // only the stream's new tail from the file (exact, see StreamReadCache).
      return withStreamReadCache(
        createSqliteEventStore({
          path: options.file ?? path.join(config.dataDir, EVENT_DB_FILE),
          ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
        }),
      );
    case 'esdb': {
      if (config.esdbConnectionString === undefined) {
        throw new ConfigError(['LEDGER_EVENT_STORE=esdb needs ESDB_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false).']);
      }
      // Loaded only in this mode: the embedded mode never pays for gRPC and the EventStoreDB client.
      const { createEsdbEventStore } = await import('../../../../libs/event-store/src/esdb');
      try {
        return createEsdbEventStore({
          connectionString: config.esdbConnectionString,
          ...(logger
            ? {
                onSubscriptionDrop: (drop) =>
                  logger.warn({ err: drop.error, attempt: drop.attempt, retryInMs: drop.delayMs }, 'EventStoreDB subscription dropped; resubscribing'),
              }
            : {}),
        });
      } catch (error) {
        throw new ConfigError([`ESDB_CONNECTION_STRING: ${error instanceof Error ? error.message : String(error)}`]);
      }
    }
  }
}

/** The store's commit signals (see SqliteEventStore) when it is the embedded store (possibly behind a read cache), else null. */
export function commitSignalsOf(store: EventStore): Pick<SqliteEventStore, 'onAppendsCommitted' | 'notifyAppendedElsewhere'> | null {
  return store instanceof SqliteEventStore ? store : null;
}

/** The embedded store's file when `store` is one on a file (possibly behind a read cache), for readers that open it themselves; else undefined. */
export function embeddedStoreFile(store: EventStore): string | undefined {
  return store instanceof SqliteEventStore && store.file !== ':memory:' && store.file !== '' ? store.file : undefined;
}
