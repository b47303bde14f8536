import { randomUUID } from 'node:crypto';
import { type EventStore } from '@ledger/event-store';
import { BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { eventStoreSource, verifyEventLog } from '../../../../libs/event-store/src/integrity';
import type { VerificationResult, VerificationSource } from '../../../../libs/event-store/src/integrity';
import { EVENT_STORE } from '../event-store/event-store.tokens';
import { LOGGER } from '../logging/logging.module';
import { VERIFICATION_SETTINGS, type VerificationSettings } from './verification.settings';

/** One completed verification, kept so its stream heads can be paged through. */
export interface CompletedVerification {
  /** Names this run (cursors of its heads carry it). */
  readonly id: string;
  readonly result: VerificationResult;
  /** The stream heads sorted by stream id: the order they are paged in. */
  readonly heads: ReadonlyArray<{ readonly streamId: string; readonly revision: number; readonly hash: string }>;
}

/** The API is shutting down: the verification in progress was stopped. */
export class VerificationStoppedError extends Error {
  override readonly name = 'VerificationStoppedError';
}

/**
 * Verifies the event log's hash chains (libs/event-store/src/integrity) in the background: once
 * when the app has started, then `intervalMs` after each run ends, and when an auditor asks for a
 * fresh result. At most one run at a time: asking while one is in progress joins it. The latest
 * two results are kept (an auditor paging through the heads of one keeps consistent pages while
 * the next one lands).
 *
 * It reads the store the API writes to, through the EventStore port and NOT through the upcasters:
 * the hashes cover the events as stored.
 */
@Injectable()
export class VerificationService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly source: VerificationSource;
  private latest: CompletedVerification | undefined;
  private previous: CompletedVerification | undefined;
  private running: Promise<CompletedVerification> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly stopping = new AbortController();

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(VERIFICATION_SETTINGS) private readonly settings: VerificationSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.source = eventStoreSource(store);
  }

  onApplicationBootstrap(): void {
    if (this.settings.onStartup) this.schedule(0);
    else this.scheduleNext();
  }

  /** Stops the periodic runs and the one in progress; requests waiting on it get VerificationStoppedError. */
  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.stopping.abort(new VerificationStoppedError('The API is shutting down; the verification was stopped.'));
    await this.running?.catch(() => undefined);
  }

  /** The latest completed verification; when none has completed yet, the one in progress (or a new one). */
  async latestResult(): Promise<CompletedVerification> {
    return this.latest ?? this.refresh();
  }

  /** A fresh verification: the one in progress if there is one, else a new one. */
  refresh(): Promise<CompletedVerification> {
    return this.running ?? this.run();
  }

  /** A result still kept (the latest two), by id. */
  kept(id: string): CompletedVerification | undefined {
    return [this.latest, this.previous].find((verification) => verification?.id === id);
  }

  private run(): Promise<CompletedVerification> {
    if (this.stopping.signal.aborted) return Promise.reject(this.stopping.signal.reason as Error);
    clearTimeout(this.timer);
    const run = this.verify().finally(() => {
      this.running = undefined;
      this.scheduleNext();
    });
    this.running = run;
    return run;
  }

  private async verify(): Promise<CompletedVerification> {
    const id = randomUUID();
    this.logger.info({ verificationId: id }, 'Verifying the event log');
    try {
      const result = await verifyEventLog(this.source, { maxProblems: this.settings.maxProblems, signal: this.stopping.signal });
      const heads = Object.entries(result.heads)
        .map(([streamId, head]) => ({ streamId, revision: head.revision, hash: head.hash }))
        .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
      const completed: CompletedVerification = { id, result, heads };
      this.previous = this.latest;
      this.latest = completed;
      const summary = {
        verificationId: id,
        ok: result.ok,
        eventsChecked: result.eventsChecked,
        streamsChecked: result.streamsChecked,
        headPosition: String(result.headPosition),
        problemCount: result.problemCount,
      };
      if (result.ok) this.logger.info(summary, 'Event log verified: every hash chain holds');
      // A broken chain is an alert for operators: the log was changed outside the ledger.
      else this.logger.error({ ...summary, firstProblems: result.problems.slice(0, 10) }, 'Event log verification found integrity problems');
      return completed;
    } catch (error) {
      if (this.stopping.signal.aborted) throw this.stopping.signal.reason as Error;
      this.logger.error({ err: error, verificationId: id }, 'Event log verification failed');
      throw error;
    }
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // Failures are logged by verify(); the next run is scheduled either way.
      this.run().catch(() => undefined);
    }, delayMs);
    // Never what keeps the process alive.
    this.timer.unref();
  }

  private scheduleNext(): void {
    if (this.settings.intervalMs > 0 && !this.stopping.signal.aborted) this.schedule(this.settings.intervalMs);
  }
}
