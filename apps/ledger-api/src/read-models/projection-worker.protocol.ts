import type { Position } from '@ledger/event-store';
import type { RunnerStatus } from '@ledger/projections';
import type { LedgerApiConfig } from '../config/config';
import type { SerializedError } from '../workers/errors';

/** What the projection worker is started with (its `workerData`). */
export interface ProjectionWorkerData {
  readonly config: Pick<LedgerApiConfig, 'eventStore' | 'dataDir' | 'esdbConnectionString'>;
  /** The embedded store's file, as the app opened it (it may not be `<dataDir>/events.db`: createApp's `store`). */
  readonly storeFile?: string;
  /**
   * Embedded store: how often a caught-up subscription polls the file when no commit is signalled
   * (default 200 ms). The API leaves it unset; its tests set it to prove commit signals alone suffice.
   */
  readonly pollIntervalMs?: number;
}

/** Main thread → worker. */
export type ToProjectionWorker =
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  /** The API committed appends to the embedded store: read them now rather than at the next poll. */
  | { readonly type: 'appended' }
  | { readonly type: 'status'; readonly id: number }
  | { readonly type: 'wait'; readonly id: number; readonly position: Position; readonly timeoutMs: number; readonly projections: readonly string[] | null };

export type WorkerLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Worker → main thread. */
export type FromProjectionWorker =
  | { readonly type: 'started' }
  | { readonly type: 'start-failed'; readonly error: SerializedError }
  | { readonly type: 'log'; readonly level: WorkerLogLevel; readonly details: Record<string, unknown>; readonly message: string }
  | { readonly type: 'status'; readonly id: number; readonly status: RunnerStatus }
  | { readonly type: 'failed'; readonly id: number; readonly error: SerializedError }
  | { readonly type: 'waited'; readonly id: number; readonly reached: boolean };
