/**
 * A quick filler for tests that need a large log fast: appends about `events` events of the
 * relationship scenario (projections/testing/scenario.ts) in large unchecked appends.
 *
 * The read-side benchmarks themselves (rebuild rates against the raw read-and-parse rate, list
 * query and as-of latencies, memory during a rebuild) live in the project's bench runner,
 * test/bench/read-side.bench.ts (`npm run bench -- --only read-side`), on stores made by the demo
 * generator; results in BENCHMARKS.md.
 */
import { v4 as uuid } from 'uuid';
import type { EventStore, NewEvent } from '@ledger/event-store';
import { relationshipHistory } from '../testing/scenario';

/** Fills a store with about `events` events of the relationship scenario, appended in large transactions. */
export async function fillStore(store: EventStore, events: number): Promise<number> {
  const customers = Math.max(10, Math.round(events / 11));
  const partners = Math.max(20, Math.round(customers / 100));
  let written = 0;
  const pending: Promise<unknown>[] = [];
  for (const append of relationshipHistory({ partners, customers, seed: 1 })) {
    const batch: NewEvent[] = append.events.map((event) => ({
      id: uuid(),
      type: event.type,
      data: event.data,
      metadata: {
        actor: append.actor,
        commandId: uuid(),
        correlationId: uuid(),
        causationId: uuid(),
        occurredAt: append.occurredAt,
        schemaVersion: 1,
      },
    }));
    pending.push(store.append(append.streamId, batch, { expectedRevision: 'any' }));
    written += batch.length;
    if (pending.length >= 2000) await Promise.all(pending.splice(0));
    if (written >= events) break;
  }
  await Promise.all(pending);
  return store.headPosition();
}
