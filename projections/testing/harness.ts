/**
 * Given-events harness for projection specs (tests only): a real SQLite event store in memory, a
 * read-model database in memory and a running ProjectionRunner. `given` appends domain events and
 * waits until the read models include them, so a spec reads like "given these facts, then".
 */
import { createSqliteEventStore, type EventStore, type Position } from '@ledger/event-store';
import type { Actor, DomainEvent } from '@ledger/kernel';
import type { Projection, ReadModelDb } from '../runner/projection';
import { ProjectionRunner } from '../runner/projection-runner';
import { openReadModelDatabase } from '../runner/read-model-database';
import { appendTo, metadata } from './store';

export interface GivenOptions {
  readonly occurredAt?: string;
  readonly actor?: Actor;
  readonly correlationId?: string;
}

export interface ProjectionHarness {
  readonly store: EventStore;
  readonly db: ReadModelDb;
  readonly runner: ProjectionRunner;
  /** Appends the events to the stream (one append) and waits for every projection to include them. */
  given(streamId: string, events: readonly DomainEvent[], options?: GivenOptions): Promise<Position>;
  close(): Promise<void>;
}

export async function projectionHarness(projections: readonly Projection[], options: { batchSize?: number } = {}): Promise<ProjectionHarness> {
  const store = createSqliteEventStore({ path: ':memory:', durable: false });
  const db = openReadModelDatabase(':memory:');
  const runner = new ProjectionRunner({ store, db, projections, batchSize: options.batchSize ?? 500 });
  await runner.start();
  return {
    store,
    db,
    runner,
    async given(streamId, events, givenOptions = {}) {
      const overrides: Record<string, unknown> = {};
      if (givenOptions.occurredAt) overrides['occurredAt'] = givenOptions.occurredAt;
      if (givenOptions.actor) overrides['actor'] = givenOptions.actor;
      if (givenOptions.correlationId) overrides['correlationId'] = givenOptions.correlationId;
      const position = await appendTo(
        store,
        streamId,
        events.map((event) => ({ type: event.type, data: event.data, metadata: metadata(overrides) })),
      );
      if (!(await runner.waitForPosition(position, 5000))) throw new Error(`Read models did not reach position ${position}.`);
      return position;
    },
    async close() {
      await runner.stop();
      await store.close();
      db.close();
    },
  };
}
