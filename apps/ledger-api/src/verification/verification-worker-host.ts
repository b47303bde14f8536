import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VerificationSummary } from '../../../../libs/event-store/src/integrity';
import { deserializeError } from '../workers/errors';
import type { VerificationJob, VerificationWorkerMessage } from './verification.worker';

/** Where the worker's module is: this folder, with this file's extension (.ts under @swc-node/register, .js when built). */
const WORKER_FILE = path.join(__dirname, `verification.worker${path.extname(__filename)}`);

/**
 * The walk's old generation, in the worker. The walk keeps ≈ 120 bytes a stream (≈ 45 MB on
 * 348,566 streams) and throws the rest away page by page; without a cap V8 let the heap grow to
 * ≈ 300 MB of mostly garbage. A log whose streams need more gets a retry with twice the room.
 */
export const WORKER_OLD_GENERATION_MB = 128;
export const WORKER_OLD_GENERATION_MAX_MB = 4096;

export interface VerificationWorkerOptions {
  /** Stops the walk (the worker is terminated; the promise rejects with the signal's reason). */
  readonly signal: AbortSignal;
  /** The first heap cap (default WORKER_OLD_GENERATION_MB); doubled after each out-of-memory end. */
  readonly heapMb?: number;
  /** Told before each retry with a larger heap. */
  readonly onRetry?: (retry: { readonly heapMb: number; readonly retryHeapMb: number }) => void;
}

/**
 * Verifies the embedded store's file in a worker thread (verification.worker.ts), whose V8 heap
 * is capped and given back to the system when the thread ends. A walk that runs out of its heap
 * is walked again with twice the room, up to WORKER_OLD_GENERATION_MAX_MB.
 */
export async function verifyInWorker(job: VerificationJob, options: VerificationWorkerOptions): Promise<VerificationSummary> {
  for (let heapMb = options.heapMb ?? WORKER_OLD_GENERATION_MB; ; heapMb *= 2) {
    try {
      return await runWorker(job, heapMb, options.signal);
    } catch (error) {
      const outOfMemory = (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      if (!outOfMemory || heapMb * 2 > WORKER_OLD_GENERATION_MAX_MB || options.signal.aborted) throw error;
      options.onRetry?.({ heapMb, retryHeapMb: heapMb * 2 });
    }
  }
}

function runWorker(job: VerificationJob, heapMb: number, signal: AbortSignal): Promise<VerificationSummary> {
  signal.throwIfAborted();
  // Under @swc-node/register (npm start, the tests) the worker compiles its TypeScript the same way.
  // Not through read-models/typescript-worker.ts's lighter loader, as the projection worker does:
  // measured on a 1M-event walk, the process kept ≈ 200 MB after it instead of ≈ 150 MB. This
  // thread ends after each walk; its loader's cost (≈ 0.6–1 s of CPU) is paid once an hour.
  const typescript = WORKER_FILE.endsWith('.ts');
  const worker = new Worker(typescript ? `require('@swc-node/register'); require(${JSON.stringify(WORKER_FILE)});` : WORKER_FILE, {
    eval: typescript,
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  const stop = (): void => void worker.terminate();
  signal.addEventListener('abort', stop, { once: true });
  return new Promise<VerificationSummary>((resolve, reject) => {
    worker.once('message', (message: VerificationWorkerMessage) => {
      if (message.ok) resolve(message.summary);
      else reject(deserializeError(message.error));
    });
    worker.once('error', reject);
    // After a message this changes nothing; without one, the worker was stopped or crashed.
    worker.once('exit', (code) => reject(signal.aborted ? signal.reason : new Error(`the verification worker stopped (exit code ${code})`)));
  }).finally(() => signal.removeEventListener('abort', stop));
}
