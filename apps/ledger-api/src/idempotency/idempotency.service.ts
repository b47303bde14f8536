import * as path from 'node:path';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type LedgerApiConfig } from '../config';
import { problem, ProblemException } from '../errors/problem-details';
import { LOGGER } from '../logging/logging.module';
import { IdempotencyStore, type IdempotencyScope, type StoredAnswer } from './idempotency.store';

/** File name of the API's own SQLite database (idempotency records) inside the data dir. */
export const API_DB_FILE = 'api.db';

/** How long a duplicate waits for the first request with its key before giving up with 409. */
export const IN_FLIGHT_WAIT_MS = 10_000;

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

export type IdempotentStart =
  | { readonly kind: 'proceed' }
  | { readonly kind: 'replay'; readonly answer: StoredAnswer }
  | { readonly kind: 'reused' };

/**
 * Idempotency-Key bookkeeping. Two requests with the same key never both run: a duplicate that
 * arrives while the first is still running waits for it (in this process) and then gets its
 * answer; if the first did not leave an answer to replay, the duplicate runs itself.
 */
@Injectable()
export class IdempotencyService implements OnApplicationShutdown {
  private readonly store: IdempotencyStore;
  private readonly purgeTimer: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) config: LedgerApiConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // The answers are still sent, without a record; their retries run again (deterministic ids keep them from recording twice).
    this.store = new IdempotencyStore(path.join(config.dataDir, API_DB_FILE), config.idempotencyTtlMs, (error, lost) =>
      this.logger.error({ err: error, lost }, 'Could not record completed Idempotency-Key answers'),
    );
    this.purge();
    this.purgeTimer = setInterval(() => this.purge(), PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  async begin(scope: IdempotencyScope, bodyHash: string, waitMs: number = IN_FLIGHT_WAIT_MS): Promise<IdempotentStart> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const outcome = this.store.begin(scope, bodyHash);
      if (outcome.kind !== 'in-flight') return outcome;
      const first = this.store.settled(scope);
      const remaining = deadline - Date.now();
      if (!first || remaining <= 0) {
        throw new ProblemException(
          problem(409, 'concurrency-conflict', 'A request with this Idempotency-Key is still being processed; retry shortly.'),
          { 'retry-after': '1' },
        );
      }
      await waitAtMost(first, remaining);
    }
  }

  /** Records the answer; resolves once it is written (send the answer only then). */
  complete(scope: IdempotencyScope, answer: StoredAnswer): Promise<void> {
    return this.store.complete(scope, answer);
  }

  release(scope: IdempotencyScope): void {
    this.store.release(scope);
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
    this.store.close();
  }

  private purge(): void {
    const purged = this.store.purgeExpired();
    if (purged > 0) this.logger.info({ purged }, 'Purged expired idempotency keys');
  }
}

function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
