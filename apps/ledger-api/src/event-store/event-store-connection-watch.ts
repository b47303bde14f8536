import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import type { Logger } from 'pino';
import { APP_CONFIG, type LedgerApiConfig } from '../config';
import { LOGGER } from '../logging/logging.module';
import { EVENT_STORE } from './event-store.tokens';

/** Delays between attempts to reach the store at startup: quick at first, then every 30 s. */
export const CONNECT_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000];

/** The delay before attempt `attempt` + 1 (0-based), the last one repeating. */
export function connectRetryDelay(attempt: number): number {
  return CONNECT_RETRY_DELAYS_MS[Math.min(attempt, CONNECT_RETRY_DELAYS_MS.length - 1)]!;
}

/**
 * At startup, keeps trying the event store (its head position) with back-off until it answers,
 * logging each failure with the time of the next attempt, then once that it is reachable. The API
 * serves meanwhile — liveness 200, readiness 503 with the store's reason, writes 503 — instead of
 * exiting and being restarted in a loop by its supervisor without saying why.
 */
@Injectable()
export class EventStoreConnectionWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: LedgerApiConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.attempt(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async attempt(attempt: number): Promise<void> {
    if (this.stopped) return;
    try {
      await this.store.headPosition();
      if (attempt > 0) this.logger.info({ eventStore: this.config.eventStore, attempts: attempt + 1 }, 'Event store reachable');
    } catch (error) {
      if (this.stopped) return;
      const retryInMs = connectRetryDelay(attempt);
      this.logger.warn(
        { eventStore: this.config.eventStore, attempt: attempt + 1, retryInMs, reason: error instanceof Error ? error.message : String(error) },
        'Event store unreachable; retrying',
      );
      this.timer = setTimeout(() => void this.attempt(attempt + 1), retryInMs);
      this.timer.unref();
    }
  }
}
