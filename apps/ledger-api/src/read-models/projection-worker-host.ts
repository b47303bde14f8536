import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Position } from '@ledger/event-store';
import type { Projection, ProjectionStatus, ReadModelDb, RunnerStatus } from '@ledger/projections';
import type { ReadModelsLogger } from './ledger-read-models';
import { startWorker } from './typescript-worker';
import { deserializeError } from '../workers/errors';
import type { FromProjectionWorker, ProjectionWorkerData, ToProjectionWorker } from './projection-worker.protocol';

/**
 * What the API needs from whatever runs its projections: the ProjectionRunner itself (in this
 * thread) or a ProjectionWorker (in a worker thread).
 */
export interface ProjectionHost {
  readonly projectionNames: readonly string[];
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): Promise<RunnerStatus>;
  waitForPosition(position: Position, timeoutMs: number, projectionNames?: readonly string[]): Promise<boolean>;
}

export interface ProjectionWorkerOptions {
  readonly data: ProjectionWorkerData;
  /** The projections the worker runs (allProjections), known here without asking it. */
  readonly projections: readonly Pick<Projection, 'name' | 'version'>[];
  readonly logger: ReadModelsLogger;
  /** The log's head, for the status reported while no worker is running (restarting). */
  readonly headPosition: () => Promise<Position>;
  /** The projections' checkpoints as queries see them (servingCheckpoints of this thread's read connection). */
  readonly checkpoints: () => ReadonlyMap<string, Position>;
  /** Delays before restarting a worker that exited unexpectedly: min(max, base · 2^attempt). Default 1 s … 30 s. */
  readonly restartDelayMs?: { readonly base: number; readonly max: number };
  /** How long `stop()` lets the worker close its files before terminating it. Default 10 s. */
  readonly stopTimeoutMs?: number;
  /** How long a status request may take. Default 10 s. */
  readonly requestTimeoutMs?: number;
}

/** A worker that ran at least this long before it died restarts after the shortest delay again. */
const STABLE_AFTER_MS = 60_000;

/**
 * The back-off step after a worker exited: back to the first delay only when its runner had been
 * running for STABLE_AFTER_MS (`ranForMs`, null if it never started); a worker that dies while
 * starting (a broken read-model file) keeps doubling the delay.
 */
export function restartAttemptAfterExit(attempt: number, ranForMs: number | null): number {
  return ranForMs !== null && ranForMs >= STABLE_AFTER_MS ? 0 : attempt;
}

/**
 * Each projection's checkpoint in read-models.db (projection_meta), by name: committed in the same
 * transaction as its rows, so it is what queries on `db` see — also after the runner started a
 * projection over (checkpoint back to 0), and while no worker runs. Empty before the runner first
 * wrote the file.
 */
export function servingCheckpoints(db: ReadModelDb): Map<string, Position> {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'projection_meta'").get();
  if (!exists) return new Map();
  const rows = db.prepare('SELECT name, checkpoint FROM projection_meta').all() as { name: string; checkpoint: Position }[];
  return new Map(rows.map((row) => [row.name, row.checkpoint]));
}

/** A wait's own deadline here is the worker's plus this, so a worker busy with a rebuild page still answers it. */
const WAIT_GRACE_MS = 250;

/** A message that expects an answer, before it gets its id. */
type RequestMessage = Extract<ToProjectionWorker, { id: number }> extends infer M ? (M extends unknown ? Omit<M, 'id'> : never) : never;

interface Request {
  readonly resolve: (value: RunnerStatus | boolean) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  /** What a wait answers when the worker cannot (it stopped or died): false, i.e. 503 read-model-behind. */
  readonly isWait: boolean;
}

/**
 * Runs the projection runner in a worker thread (projection-worker.ts) and stands for it in the
 * main thread: the same `start`, `stop`, `status` and `waitForPosition` as the runner, over
 * messages. Applying events to the read models then uses the machine's second core instead of
 * the thread that serves HTTP.
 *
 * - `prepare()` spawns the thread early, so it loads its modules while the app initializes;
 *   `start()` resolves when the runner in it has started (or rejects with its error).
 * - `notifyAppended()` forwards the embedded store's commit signal: the worker's own connection
 *   reads the new events at once instead of at its next poll.
 * - `waitForPosition` first reads the checkpoints in read-models.db: a wait for a position the
 *   tables already include resolves without a message.
 * - A worker that exits unexpectedly (an uncaught error, out of memory) is logged and restarted
 *   with back-off; meanwhile waits resolve false and the status says the runner is not running,
 *   so readiness reports it. `stop()` stops the runner (pending waits resolve false), lets the
 *   worker close its files, and ends the thread.
 */
export class ProjectionWorker implements ProjectionHost {
  readonly projectionNames: readonly string[];
  private worker: Worker | null = null;
  /** The runner in `worker` answered `started`. */
  private running = false;
  private startRequested = false;
  /** A runner started once: from then on a worker that dies is restarted (a failed first start fails the app's). */
  private everStarted = false;
  private stopping = false;
  private starting: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private readonly requests = new Map<number, Request>();
  private nextRequestId = 1;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartAttempt = 0;
  private runningSince = 0;
  private lastExit: string | null = null;
  private readonly restartDelay: { readonly base: number; readonly max: number };

  constructor(private readonly options: ProjectionWorkerOptions) {
    this.projectionNames = options.projections.map((projection) => projection.name);
    this.restartDelay = options.restartDelayMs ?? { base: 1_000, max: 30_000 };
  }

  /** Spawns the worker now (it loads its modules); `start()` then sets it to work. */
  prepare(): void {
    this.worker ??= this.spawn();
  }

  async start(): Promise<void> {
    if (this.startRequested) throw new Error('The projection worker was already started.');
    this.startRequested = true;
    try {
      await this.launch();
    } catch (error) {
      await this.terminate();
      throw error;
    }
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      this.post({ type: 'stop' });
      const timer = setTimeout(() => {
        this.options.logger.warn({ stopTimeoutMs: this.options.stopTimeoutMs ?? 10_000 }, 'The projection worker did not stop in time; terminating it');
        void worker.terminate();
      }, this.options.stopTimeoutMs ?? 10_000);
      await exited;
      clearTimeout(timer);
    }
    this.starting?.reject(new Error('The projection worker was stopped before its runner started.'));
    this.starting = null;
    this.settleAll('The projection worker stopped.');
  }

  /** The embedded store committed appends: the worker's subscription reads them now. */
  notifyAppended(): void {
    if (this.running) this.post({ type: 'appended' });
  }

  async status(): Promise<RunnerStatus> {
    if (!this.running) return this.statusWithoutWorker();
    return (await this.request({ type: 'status' }, this.options.requestTimeoutMs ?? 10_000, false)) as RunnerStatus;
  }

  waitForPosition(position: Position, timeoutMs: number, projectionNames?: readonly string[]): Promise<boolean> {
    const names = projectionNames ?? this.projectionNames;
    for (const name of names) if (!this.projectionNames.includes(name)) return Promise.reject(new Error(`No projection is named ${name}.`));
    const checkpoints = this.options.checkpoints();
    if (names.every((name) => (checkpoints.get(name) ?? -1) >= position)) return Promise.resolve(true);
    if (!this.running) return Promise.resolve(false);
    return this.request({ type: 'wait', position, timeoutMs, projections: projectionNames ?? null }, timeoutMs + WAIT_GRACE_MS, true) as Promise<boolean>;
  }

  // ---------------------------------------------------------------------------------------------

  private spawn(): Worker {
    // projection-worker.ts under `npm start` and the tests, projection-worker.js when compiled.
    const worker = startWorker(path.join(__dirname, `projection-worker${path.extname(__filename)}`), {
      name: 'ledger-projections',
      workerData: { projectionWorker: true, data: this.options.data },
    });
    worker.on('message', (message: FromProjectionWorker) => this.receive(message));
    worker.on('error', (error) => this.options.logger.error({ err: error }, 'The projection worker failed'));
    worker.on('messageerror', (error) => this.options.logger.error({ err: error }, 'A message from the projection worker could not be read'));
    worker.on('exit', (code) => this.exited(worker, code));
    return worker;
  }

  private launch(): Promise<void> {
    this.worker ??= this.spawn();
    return new Promise<void>((resolve, reject) => {
      this.starting = { resolve, reject };
      this.post({ type: 'start' });
    });
  }

  private receive(message: FromProjectionWorker): void {
    switch (message.type) {
      case 'started':
        this.running = true;
        this.everStarted = true;
        this.runningSince = Date.now();
        this.starting?.resolve();
        this.starting = null;
        return;
      case 'start-failed':
        this.starting?.reject(deserializeError(message.error));
        this.starting = null;
        return;
      case 'log':
        this.options.logger[message.level](message.details, message.message);
        return;
      case 'status':
        this.settle(message.id, (request) => request.resolve(message.status));
        return;
      case 'waited':
        this.settle(message.id, (request) => request.resolve(message.reached));
        return;
      case 'failed':
        this.settle(message.id, (request) => request.reject(deserializeError(message.error)));
        return;
    }
  }

  private exited(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    const ranSince = this.running ? this.runningSince : null;
    this.worker = null;
    this.running = false;
    if (this.stopping) return;
    this.lastExit = `the projection worker exited with code ${code}`;
    this.starting?.reject(new Error(`The projection worker exited with code ${code} before its runner started.`));
    this.starting = null;
    this.settleAll(`The projection worker exited with code ${code}.`);
    if (!this.everStarted) return;
    this.restartAttempt = restartAttemptAfterExit(this.restartAttempt, ranSince === null ? null : Date.now() - ranSince);
    this.scheduleRestart(code);
  }

  private scheduleRestart(code: number | null): void {
    if (this.stopping) return;
    const delayMs = Math.min(this.restartDelay.max, this.restartDelay.base * 2 ** this.restartAttempt);
    this.restartAttempt += 1;
    this.options.logger.error({ exitCode: code, restartInMs: delayMs, attempt: this.restartAttempt }, 'The projection worker stopped unexpectedly; restarting it');
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.launch().then(
        () => {
          this.lastExit = null;
          this.options.logger.info({ attempt: this.restartAttempt }, 'Projection worker restarted');
        },
        (error: unknown) => {
          if (this.stopping) return;
          this.options.logger.error({ err: error }, 'The restarted projection worker could not start its runner');
          // Its exit (an exit that was not a crash would leave it running) schedules the next attempt.
          void this.worker?.terminate();
        },
      );
    }, delayMs);
    this.restartTimer.unref();
  }

  private async terminate(): Promise<void> {
    const worker = this.worker;
    this.stopping = true;
    if (worker) await worker.terminate();
  }

  private post(message: ToProjectionWorker): void {
    this.worker?.postMessage(message);
  }

  private request(message: RequestMessage, timeoutMs: number, isWait: boolean): Promise<RunnerStatus | boolean> {
    const id = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.requests.delete(id);
        if (isWait) resolve(false);
        else reject(new Error(`The projection worker did not answer within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.requests.set(id, { resolve, reject, timer, isWait });
      this.post({ ...message, id } as ToProjectionWorker);
    });
  }

  private settle(id: number, outcome: (request: Request) => void): void {
    const request = this.requests.get(id);
    if (!request) return;
    this.requests.delete(id);
    clearTimeout(request.timer);
    outcome(request);
  }

  /** Answers every request in flight: waits with false, status requests with an error. */
  private settleAll(reason: string): void {
    for (const id of [...this.requests.keys()]) this.settle(id, (pending) => (pending.isWait ? pending.resolve(false) : pending.reject(new Error(reason))));
  }

  /** What readiness sees while no worker runs: not running, with the reason it is not. */
  private async statusWithoutWorker(): Promise<RunnerStatus> {
    const headPosition = await this.options.headPosition();
    const checkpoints = this.options.checkpoints();
    const state = this.stopping ? 'stopped' : 'starting';
    return {
      running: false,
      headPosition,
      projections: this.options.projections.map((projection): ProjectionStatus => {
        const checkpoint = checkpoints.get(projection.name) ?? 0;
        return {
          name: projection.name,
          version: projection.version,
          servingVersion: null,
          generation: null,
          state,
          checkpoint,
          headPosition,
          lag: Math.max(0, headPosition - checkpoint),
          error: this.lastExit,
          rebuild: null,
        };
      }),
    };
  }
}
