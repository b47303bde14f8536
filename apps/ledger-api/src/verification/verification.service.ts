import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EventStore } from '@ledger/event-store';
import { BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { eventStoreSource, verifyEventLogToSortedHeads } from '../../../../libs/event-store/src/integrity';
import type { VerificationSummary } from '../../../../libs/event-store/src/integrity';
import { APP_CONFIG } from '../config/config.module';
import type { LedgerApiConfig } from '../config';
import { EVENT_STORE } from '../event-store/event-store.tokens';
import { embeddedStoreFile } from '../event-store/open-event-store';
import { LOGGER } from '../logging/logging.module';
import { HeadsFile, writeHeadsFile } from './heads-file';
import { VERIFICATION_SETTINGS, type VerificationSettings } from './verification.settings';
import { verifyInWorker } from './verification-worker-host';

/** One completed verification, kept so its stream heads can be paged through. */
export interface CompletedVerification {
  /** Names this run (cursors of its heads carry it). */
  readonly id: string;
  readonly result: VerificationSummary;
  /** The stream heads, paged by stream id from a file (`<dataDir>/verification/<id>.db`). */
  readonly heads: HeadsFile;
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
 * On the embedded store the walk runs in a worker thread that reads the store's file read-only
 * (as `ledger verify` does), with a capped heap that is given back when the walk ends; other stores
 * are walked here, through the EventStore port. Either way NOT through the upcasters: the hashes
 * cover the events as stored. The heads go to a file per verification and are paged from there.
 */
@Injectable()
export class VerificationService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly headsDir: string;
  /** The embedded store's file, walked in a worker; undefined for other stores (walked in this thread). */
  private readonly storeFile: string | undefined;
  private latest: CompletedVerification | undefined;
  private previous: CompletedVerification | undefined;
  private running: Promise<CompletedVerification> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly stopping = new AbortController();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(VERIFICATION_SETTINGS) private readonly settings: VerificationSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) config: Pick<LedgerApiConfig, 'dataDir'>,
  ) {
    this.headsDir = path.join(config.dataDir, 'verification');
    this.storeFile = embeddedStoreFile(store);
  }

  onApplicationBootstrap(): void {
    // Heads files of an earlier process are of verifications no longer kept.
    fs.rmSync(this.headsDir, { recursive: true, force: true });
    fs.mkdirSync(this.headsDir, { recursive: true });
    if (this.settings.onStartup) this.schedule(0);
    else this.scheduleNext();
  }

  /** Stops the periodic runs and the one in progress; requests waiting on it get VerificationStoppedError. */
  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.stopping.abort(new VerificationStoppedError('The API is shutting down; the verification was stopped.'));
    await this.running?.catch(() => undefined);
  }

  /** After the HTTP server has closed (no page of heads is being read any more): the heads files go. */
  onApplicationShutdown(): void {
    this.latest?.heads.discard();
    this.previous?.heads.discard();
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
    const headsFile = path.join(this.headsDir, `${id}.db`);
    this.logger.info({ verificationId: id, inWorker: this.storeFile !== undefined }, 'Verifying the event log');
    try {
      const result =
        this.storeFile !== undefined
          ? await verifyInWorker(
              { storeFile: this.storeFile, headsFile, maxProblems: this.settings.maxProblems },
              { signal: this.stopping.signal, onRetry: (retry) => this.logger.warn(retry, 'Event log verification needs a larger heap; walking again') },
            )
          : await this.verifyHere(headsFile);
      const completed: CompletedVerification = { id, result, heads: new HeadsFile(headsFile) };
      // Two are kept: the one before the previous can go (paging is synchronous: no page is being read from it now).
      this.previous?.heads.discard();
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
      fs.rmSync(headsFile, { force: true });
      if (this.stopping.signal.aborted) throw this.stopping.signal.reason as Error;
      this.logger.error({ err: error, verificationId: id }, 'Event log verification failed');
      throw error;
    }
  }

  /** Walks the log through the store's port in this thread (stores other than the embedded one). */
  private async verifyHere(headsFile: string): Promise<VerificationSummary> {
    const { summary, heads } = await verifyEventLogToSortedHeads(eventStoreSource(this.store), {
      maxProblems: this.settings.maxProblems,
      signal: this.stopping.signal,
    });
    writeHeadsFile(headsFile, heads);
    return summary;
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
