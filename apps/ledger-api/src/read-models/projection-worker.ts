/*
 * The projection worker: a worker thread (node:worker_threads) that runs the ledger's projection
 * runner, so applying each commit's events to the read models uses the machine's other core
 * instead of the thread that serves HTTP. It opens its own connection to the configured store and
 * the read-model database for writing; the main thread keeps its own read connection for queries
 * and talks to it through ProjectionWorker (projection-worker-host.ts): start, stop, status,
 * waits for a position, and the embedded store's commit signals. Its log lines go to the main
 * thread, which writes them with the app's logger.
 *
 * It loads no framework: only the store, the projections and what opens them.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { EventStore } from '@ledger/event-store';
import type { ProjectionRunner, ReadModelDb } from '@ledger/projections';
import { commitSignalsOf, openEventStore } from '../event-store/open-event-store';
import { createLedgerReadModels, type ReadModelsLogger } from './ledger-read-models';
import { serializeError } from '../workers/errors';
import type { FromProjectionWorker, ProjectionWorkerData, ToProjectionWorker, WorkerLogLevel } from './projection-worker.protocol';

interface Running {
  readonly store: EventStore;
  readonly db: ReadModelDb;
  readonly runner: ProjectionRunner;
  readonly wake: () => void;
}

export function runProjectionWorker(port: MessagePort, data: ProjectionWorkerData): void {
  const post = (message: FromProjectionWorker): void => port.postMessage(message);
  const log =
    (level: WorkerLogLevel) =>
    (details: object, message: string): void => {
      try {
        post({ type: 'log', level, details: transferable(details), message });
      } catch {
        // Something in the details cannot be cloned: send what JSON keeps of it.
        post({ type: 'log', level, details: JSON.parse(JSON.stringify(transferable(details))) as Record<string, unknown>, message });
      }
    };
  const logger: ReadModelsLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  let running: Promise<Running> | null = null;

  const start = async (): Promise<Running> => {
    const store = await openEventStore(data.config, logger, { file: data.storeFile, pollIntervalMs: data.pollIntervalMs });
    try {
      const { db, runner } = createLedgerReadModels(store, data.config, logger);
      await runner.start();
      const signals = commitSignalsOf(store);
      return { store, db, runner, wake: signals ? () => signals.notifyAppendedElsewhere() : () => undefined };
    } catch (error) {
      await store.close();
      throw error;
    }
  };

  const stop = async (): Promise<void> => {
    const current = await running?.catch(() => null);
    if (current) {
      // Waits still pending resolve false (503 read-model-behind), the subscription ends, then the files close.
      await current.runner.stop();
      current.db.close();
      await current.store.close();
    }
    // Closing the port lets the thread end: ProjectionWorker.stop() waits for its exit.
    port.close();
  };

  port.on('message', (message: ToProjectionWorker) => {
    switch (message.type) {
      case 'start':
        running = start();
        running.then(
          () => post({ type: 'started' }),
          (error: unknown) => post({ type: 'start-failed', error: serializeError(error) }),
        );
        return;
      case 'appended':
        void running?.then((current) => current.wake(), () => undefined);
        return;
      case 'status':
        void answer(message.id, async (current) => post({ type: 'status', id: message.id, status: await current.runner.status() }));
        return;
      case 'wait':
        void answer(message.id, async (current) =>
          post({
            type: 'waited',
            id: message.id,
            reached: await current.runner.waitForPosition(message.position, message.timeoutMs, message.projections ?? undefined),
          }),
        );
        return;
      case 'stop':
        void stop();
        return;
    }
  });

  async function answer(id: number, work: (current: Running) => Promise<void>): Promise<void> {
    try {
      if (!running) throw new Error('The projection worker was not started.');
      await work(await running);
    } catch (error) {
      post({ type: 'failed', id, error: serializeError(error) });
    }
  }
}

/** Log details as they can cross to the main thread: Errors become what pino's err serializer writes. */
function transferable(details: object): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) copy[key] = value instanceof Error ? serializeError(value) : value;
  return copy;
}

if (parentPort && (workerData as { projectionWorker?: unknown } | null)?.projectionWorker === true) {
  runProjectionWorker(parentPort, (workerData as { data: ProjectionWorkerData }).data);
}
