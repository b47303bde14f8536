import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import type { Logger } from 'pino';
import { APP_CONFIG, type LedgerApiConfig } from '../config';
import { LOGGER } from '../logging/logging.module';
import { EventStoreConnectionWatch } from './event-store-connection-watch';
import { EVENT_STORE } from './event-store.tokens';
import { openEventStore } from './open-event-store';

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
          : { provide: EVENT_STORE, inject: [APP_CONFIG, LOGGER], useFactory: (config: LedgerApiConfig, logger: Logger) => openEventStore(config, logger) },
        EventStoreCloser,
        EventStoreConnectionWatch,
      ],
      exports: [EVENT_STORE],
    };
  }
}
