/**
 * The read side: the projection runner, every read model's projection, and the framework-free
 * query functions the HTTP controllers call (each takes the read-model database, filters and a
 * cursor page request, and returns `{ items, nextCursor }` for lists).
 */
import type { EventStore } from '@ledger/event-store';
import { auditLogProjection } from './audit-log';
import { customerListsProjection } from './customer-lists';
import { dapGrantsProjection } from './dap-grants';
import { partnersProjection } from './partners';
import { partnershipsProjection } from './partnerships';
import type { Projection, ReadModelDb } from './runner';
import { ProjectionRunner, type ProjectionRunnerOptions, openReadModelDatabase, readModelDatabasePath } from './runner';
import { subscriptionsProjection } from './subscriptions';

export * from './runner';
export * from './shared/paging';
export * from './partners';
export * from './partnerships';
export * from './customer-lists';
export * from './dap-grants';
export * from './subscriptions';
export * from './audit-log';

/** Every read model of domain §5, in the order the runner applies them within a batch. */
export const allProjections: readonly Projection[] = [
  partnersProjection,
  partnershipsProjection,
  customerListsProjection,
  dapGrantsProjection,
  subscriptionsProjection,
  auditLogProjection,
];

export interface ReadModelsOptions extends Omit<ProjectionRunnerOptions, 'db' | 'projections'> {
  readonly store: EventStore;
  /** `<dataDir>/read-models.db`; ignored when `path` is given. */
  readonly dataDir?: string;
  /** A file path or `:memory:`. */
  readonly path?: string;
  readonly projections?: readonly Projection[];
}

/** The read-model database and its runner, for a Nest provider or the CLI. The caller closes `db` after `runner.stop()`. */
export function createReadModels(options: ReadModelsOptions): { db: ReadModelDb; runner: ProjectionRunner } {
  const { dataDir, path, projections, ...runnerOptions } = options;
  const location = path ?? (dataDir !== undefined ? readModelDatabasePath(dataDir) : undefined);
  if (location === undefined) throw new Error('Give the read models a dataDir or a path.');
  const db = openReadModelDatabase(location);
  return { db, runner: new ProjectionRunner({ ...runnerOptions, db, projections: projections ?? allProjections }) };
}
