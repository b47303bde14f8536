import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '../event-store/event-store.tokens';
import { ReadinessRegistry } from './readiness.registry';

/** A store that does not answer this fast is as good as down for a request. */
export const STORE_CHECK_TIMEOUT_MS = 2_000;

/** Ready when the event store answers a cheap read (its head position) in time. */
@Injectable()
export class EventStoreReadiness implements OnModuleInit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly registry: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register({ name: 'event-store', check: () => this.check() });
  }

  private async check(): Promise<{ ready: boolean; reason?: string }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.store.headPosition(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), STORE_CHECK_TIMEOUT_MS))),
      ]);
      return { ready: true };
    } catch (error) {
      return { ready: false, reason: `The event store did not answer: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      clearTimeout(timer);
    }
  }
}
