import * as fs from 'node:fs';
import * as path from 'node:path';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { createSqliteEventStore, type EventStore, withStreamReadCache } from '@ledger/event-store';
import type { Logger } from 'pino';
import { APP_CONFIG, ConfigError, type LedgerApiConfig } from '../config';
import { LOGGER } from '../logging/logging.module';
import { EventStoreConnectionWatch } from './event-store-connection-watch';
import { EVENT_STORE } from './event-store.tokens';


/** File name of the embedded store inside the data dir. */
export const EVENT_DB_FILE = 'events.db';

/**
 * Opens the store the configuration names (api.md, Running); the API, the projection runner (which
 * uses the API's EVENT_STORE) and the CLI all open it here. EventStoreDB connects lazily, so an
 * unreachable server does not stop the process: operations answer StoreUnavailableError (503),
 * readiness says why, and EventStoreConnectionWatch retries with back-off until it answers.
 * `logger` (optional) hears about dropped subscriptions.
 */
export async function openEventStore(config: Pick<LedgerApiConfig, 'eventStore' | 'dataDir' | 'esdbConnectionString'>, logger?: Logger): Promise<EventStore> {
  switch (config.eventStore) {
    case 'sqlite':
      fs.mkdirSync(config.dataDir, { recursive: true });
      // Commands and reads re-read the same short streams all the time: whole-stream reads take
      // only the stream's new tail from the file (exact, see StreamReadCache).
      return withStreamReadCache(createSqliteEventStore({ path: path.join(config.dataDir, EVENT_DB_FILE) }));
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

/**
 * Closes the store last: Nest calls onApplicationShutdown after the HTTP server has stopped and
 * its in-flight requests have finished, so no request loses its store mid-append.
 */
@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.logger.info('Event store closed');
  }
}

/** Provides the EventStore port under EVENT_STORE; the only place the API chooses an adapter. */
@Global()
@Module({})
export class EventStoreModule {
  /** `store`: use this one instead of opening the configured store; the app still closes it at shutdown. */
  static forRoot(store?: EventStore): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        store
          ? { provide: EVENT_STORE, useValue: store }
          : { provide: EVENT_STORE, inject: [APP_CONFIG, LOGGER], useFactory: openEventStore },
        EventStoreCloser,
        EventStoreConnectionWatch,
      ],
      exports: [EVENT_STORE],
    };
  }
}
