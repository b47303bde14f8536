import * as fs from 'node:fs';
import * as path from 'node:path';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import type { Logger } from 'pino';
import { APP_CONFIG, ConfigError, type LedgerApiConfig } from '../config';
import { LOGGER } from '../logging/logging.module';
import { EVENT_STORE } from './event-store.tokens';

/** File name of the embedded store inside the data dir. */
export const EVENT_DB_FILE = 'events.db';

/** Opens the store the configuration names (api.md, Running). */
export async function openEventStore(config: LedgerApiConfig): Promise<EventStore> {
  switch (config.eventStore) {
    case 'sqlite':
      fs.mkdirSync(config.dataDir, { recursive: true });
      return createSqliteEventStore({ path: path.join(config.dataDir, EVENT_DB_FILE) });
    case 'esdb':
      throw new ConfigError([
        'LEDGER_EVENT_STORE=esdb: the EventStoreDB adapter is not yet available in this build; use LEDGER_EVENT_STORE=sqlite (the default).',
      ]);
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
          : { provide: EVENT_STORE, inject: [APP_CONFIG], useFactory: openEventStore },
        EventStoreCloser,
      ],
      exports: [EVENT_STORE],
    };
  }
}
