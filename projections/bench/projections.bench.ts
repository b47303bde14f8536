/**
 * Read-side benchmarks (issue 5, "Performance"): rebuild rates against the raw read-and-parse rate
 * of the same events, list-query latency and as-of-free lookups, and memory during a rebuild.
 * Not a test: run it with `node -r @swc-node/register projections/bench/projections.bench.ts [events]`
 * or call `runProjectionBenchmarks` from the project's bench runner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v4 as uuid } from 'uuid';
import { createSqliteEventStore, type EventStore, type NewEvent } from '@ledger/event-store';
import {
  allProjections,
  createReadModels,
  listAuditEvents,
  listDapGrants,
  listPartnerCustomers,
  listPartners,
  listSubscriptions,
  type Projection,
  type ReadModelDb,
} from '../index';
import { relationshipHistory } from '../testing/scenario';

export interface ProjectionBenchResult {
  readonly events: number;
  readonly readAndParseEventsPerSecond: number;
  readonly rebuildAllEventsPerSecond: number;
  readonly rebuildSingle: { readonly projection: string; readonly eventsPerSecond: number }[];
  readonly queries: { readonly name: string; readonly p50Ms: number; readonly p99Ms: number }[];
  readonly rebuildHeapMb: { readonly min: number; readonly max: number };
}

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

async function readAndParseRate(store: EventStore, pageSize: number): Promise<number> {
  const started = performance.now();
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    count += page.length;
    after = page[page.length - 1]!.position;
  }
  return count / ((performance.now() - started) / 1000);
}

async function rebuildRate(store: EventStore, dir: string, projections: readonly Projection[], heap?: number[]): Promise<number> {
  const { db, runner } = createReadModels({ store, path: join(dir, `rm-${projections.map((p) => p.name).join('+')}.db`), projections });
  await runner.start();
  await runner.waitForPosition(await store.headPosition(), 600_000);
  const report = await runner.rebuild(undefined, {
    onProgress: () => {
      if (heap) heap.push(process.memoryUsage().heapUsed / 1024 / 1024);
    },
  });
  await runner.stop();
  db.close();
  return report.eventsProcessed / (report.elapsedMs / 1000);
}

function latency(name: string, runs: number, query: (i: number) => void): { name: string; p50Ms: number; p99Ms: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    query(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { name, p50Ms: samples[Math.floor(runs * 0.5)]!, p99Ms: samples[Math.floor(runs * 0.99)]! };
}

function queryLatencies(db: ReadModelDb): ProjectionBenchResult['queries'] {
  const partners = listPartners(db, { limit: 1000 }).items.map((p) => p.partnerId);
  const grants = listDapGrants(db, { limit: 1000 }).items;
  const pick = <T>(items: readonly T[], i: number): T => items[i % items.length]!;
  return [
    latency('partners list (100)', 1000, () => listPartners(db, { status: 'approved' })),
    latency('partner customers (100)', 1000, (i) => listPartnerCustomers(db, pick(partners, i))),
    latency('retained DAP grants (100)', 1000, () => listDapGrants(db, { status: 'retained' })),
    latency('DAP grants of a customer', 1000, (i) => listDapGrants(db, { customerId: pick(grants, i).customerId })),
    latency('subscriptions by channel (100)', 1000, () => listSubscriptions(db, { channel: 'csp' })),
    latency('audit by partner (100)', 1000, (i) => listAuditEvents(db, { partnerId: pick(partners, i) })),
    latency('audit by type (100)', 1000, () => listAuditEvents(db, { type: 'CustomerRelationshipRemoved' })),
  ];
}

export async function runProjectionBenchmarks(events: number): Promise<ProjectionBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'projections-bench-'));
  const store = createSqliteEventStore({ path: join(dir, 'events.db'), durable: false });
  try {
    const head = await fillStore(store, events);
    const readAndParseEventsPerSecond = await readAndParseRate(store, 5000);
    const heap: number[] = [];
    const rebuildAllEventsPerSecond = await rebuildRate(store, dir, allProjections, heap);
    const rebuildSingle = [];
    for (const projection of allProjections) {
      rebuildSingle.push({ projection: projection.name, eventsPerSecond: await rebuildRate(store, dir, [projection]) });
    }
    const { db, runner } = createReadModels({ store, path: join(dir, 'rm-queries.db') });
    await runner.start();
    await runner.waitForPosition(head, 600_000);
    const queries = queryLatencies(db);
    await runner.stop();
    db.close();
    return {
      events: head,
      readAndParseEventsPerSecond,
      rebuildAllEventsPerSecond,
      rebuildSingle,
      queries,
      rebuildHeapMb: { min: Math.min(...heap), max: Math.max(...heap) },
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const events = Number(process.argv[2] ?? 1_000_000);
  void runProjectionBenchmarks(events).then((result) => {
    const rate = (n: number): string => `${Math.round(n).toLocaleString('en-US')} ev/s`;
    console.log(`events: ${result.events}`);
    console.log(`read+parse: ${rate(result.readAndParseEventsPerSecond)}`);
    console.log(`rebuild all: ${rate(result.rebuildAllEventsPerSecond)} (${(result.rebuildAllEventsPerSecond / result.readAndParseEventsPerSecond).toFixed(2)}× read+parse)`);
    for (const single of result.rebuildSingle) {
      console.log(`rebuild ${single.projection}: ${rate(single.eventsPerSecond)} (${(single.eventsPerSecond / result.readAndParseEventsPerSecond).toFixed(2)}×)`);
    }
    for (const query of result.queries) console.log(`${query.name}: p50 ${query.p50Ms.toFixed(3)} ms, p99 ${query.p99Ms.toFixed(3)} ms`);
    console.log(`heap during rebuild: ${result.rebuildHeapMb.min.toFixed(0)}–${result.rebuildHeapMb.max.toFixed(0)} MB`);
  });
}
