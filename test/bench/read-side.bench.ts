/**
 * The read side (issue 5, "Performance"), on a store of realistic shape made by the demo generator
 * (≈ 1M events; ≈ 100k with --quick; cached under .bench/cache, see demo-store.ts):
 *
 * - rebuild of all projections (one pass) and of each projection alone, in events/s, beside the
 *   ceiling: reading the same rows with raw better-sqlite3 and JSON-parsing data and metadata, in
 *   the same run on the same file. Targets: ≥ 100k ev/s all, ≥ 250k ev/s one.
 * - list queries (100 per page) in-process: p99 over many calls with varied arguments, beside a
 *   primary-key lookup on the same database (the floor of any query here). Target p99 ≤ 5 ms.
 * - as-of read of the customer with 1,000 events: read its stream, replay it up to a time, build
 *   the view (what `GET /v1/customers/{id}?asOf=` does), beside the raw read-and-parse of the same
 *   rows. Target p99 ≤ 10 ms. Read as the API reads it (through the stream read cache), and, for
 *   information, as a first read of the stream (no cache).
 * - memory during the rebuild of all: RSS sampled after every page; flat = the median of the second
 *   half of the rebuild within 20 % of the median of the first half (memory that grows with the
 *   events processed moves the median; a single sample's spike, which the allocator and the garbage
 *   collector make now and then, does not). The peaks are printed beside them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { authorizationCheck, toRecordedCustomerEvents } from '@ledger/customers';
import { createSqliteEventStore, type EventRow, type EventStore, withStreamReadCache } from '@ledger/event-store';
import { streams } from '@ledger/kernel';
import {
  type AuditLogReader,
  type Projection,
  type ReadModelDb,
  allProjections,
  createReadModels,
  listAuditEvents,
  listCustomerPartners,
  listDapGrants,
  listIndirectResellers,
  listPartnerCustomers,
  listPartnerOpenRequests,
  listPartners,
  listSharedCustomers,
  listSubscriptions,
  sqliteEventReader,
  sqliteLogSource,
} from '@ledger/projections';
import { customerViewOf, replayCustomer } from '../../apps/ledger-api/src/queries/customers/customer-as-of';
import { LEDGER_UPCASTERS, withUpcasting } from '../../libs/event-store/src/upcasting';
import { cachedDemoStore, FULL_DEMO_STORE, QUICK_DEMO_STORE } from './demo-store';
import { formatRate, formatTimes, median } from './scenario';
import type { BenchOptions, BenchRow, BenchScenario } from './scenario';

const ALL_TARGET = 100_000;
const SINGLE_TARGET = 250_000;
const QUERY_P99_TARGET_MS = 5;
const AS_OF_P99_TARGET_MS = 10;
const RSS_GROWTH_LIMIT = 0.2;

const now = (): number => performance.now();
const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
const ms = (value: number): string => `${value < 1 ? value.toFixed(2) : value.toFixed(1)} ms`;

/**
 * The ceiling of any rebuild: every row of the log read in order with raw better-sqlite3 and
 * turned into an event object with its data and metadata JSON-parsed, nothing else.
 */
function rawReadAndParse(file: string): { events: number; perSecond: number } {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT position, stream_id, revision, id, type, data, metadata, recorded_at FROM events ORDER BY position');
    const started = now();
    let events = 0;
    let checksum = 0;
    for (const row of rows.iterate() as IterableIterator<EventRow>) {
      const event = { id: row.id, streamId: row.stream_id, revision: row.revision, position: row.position, type: row.type, data: JSON.parse(row.data) as unknown, metadata: JSON.parse(row.metadata) as unknown, recordedAt: row.recorded_at };
      checksum += event.revision;
      events += 1;
    }
    if (checksum < 0) throw new Error('impossible');
    return { events, perSecond: events / ((now() - started) / 1000) };
  } finally {
    db.close();
  }
}

/** Rebuilds read the store's file directly, as `ledger rebuild` does (projections/runner/log-source.ts). */
const fileSource = (eventsFile: string): ReturnType<typeof sqliteLogSource> => sqliteLogSource({ path: eventsFile, upcasters: LEDGER_UPCASTERS });

interface RebuildMeasure {
  readonly events: number;
  readonly perSecond: number;
  /** [events processed, RSS bytes] after every page. */
  readonly rss: readonly (readonly [number, number])[];
}

/** Builds the projections from zero into a fresh read-model file, as a first start of the API does. */
async function firstBuild(store: EventStore, file: string, projections: readonly Projection[], eventsFile: string): Promise<RebuildMeasure> {
  const head = await store.headPosition();
  const started = now();
  const { db, runner } = createReadModels({ store, path: file, projections, rebuildSource: fileSource(eventsFile) });
  await runner.start();
  await runner.whenRebuildsDone();
  const elapsed = (now() - started) / 1000;
  const reached = await runner.waitForPosition(head, 0);
  await runner.stop();
  db.close();
  if (!reached) throw new Error(`The first build of ${projections.map((p) => p.name).join(', ')} did not reach ${head}.`);
  return { events: head, perSecond: head / elapsed, rss: [] };
}

/** `runner.rebuild()` on a built read-model file, as `ledger rebuild` does: fresh tables, swapped in, old ones dropped. */
async function rebuildAll(store: EventStore, file: string, eventsFile: string): Promise<RebuildMeasure> {
  const { db, runner } = createReadModels({ store, path: file, rebuildSource: fileSource(eventsFile) });
  await runner.start();
  const rss: [number, number][] = [[0, process.memoryUsage().rss]];
  const report = await runner.rebuild(undefined, { onProgress: (progress) => rss.push([progress.eventsProcessed, process.memoryUsage().rss]) });
  await runner.stop();
  db.close();
  return { events: report.eventsProcessed, perSecond: report.eventsProcessed / (report.elapsedMs / 1000), rss };
}

interface Latency {
  readonly name: string;
  readonly p50: number;
  readonly p99: number;
}

function latency(name: string, runs: number, query: (i: number) => unknown): Latency {
  for (let i = 0; i < Math.min(100, runs); i += 1) query(i); // warm-up: statements, page cache
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i += 1) {
    const started = now();
    query(i);
    samples[i] = now() - started;
  }
  samples.sort();
  return { name, p50: samples[Math.floor(runs * 0.5)]!, p99: samples[Math.min(runs - 1, Math.floor(runs * 0.99))]! };
}

/** `latency` for a query that answers a promise (the audit log reads its page's bodies from the log). */
async function latencyAsync(name: string, runs: number, query: (i: number) => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < Math.min(100, runs); i += 1) await query(i);
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i += 1) {
    const started = now();
    await query(i);
    samples[i] = now() - started;
  }
  samples.sort();
  return { name, p50: samples[Math.floor(runs * 0.5)]!, p99: samples[Math.min(runs - 1, Math.floor(runs * 0.99))]! };
}

/**
 * Every list query of the read API with arguments taken from the data: busy and quiet partners, deep
 * pages. The audit queries read their bodies from `log`, as the API does (on SQLite: the store's file,
 * one query per page).
 */
async function queryLatencies(db: ReadModelDb, log: AuditLogReader, runs: number): Promise<{ floor: Latency; queries: Latency[] }> {
  const ids = (sql: string): string[] => db.prepare(sql).pluck().all() as string[];
  const busiest = ids(`SELECT partner_id FROM customer_relationships WHERE status = 'active' GROUP BY partner_id ORDER BY COUNT(*) DESC LIMIT 50`);
  const partners = ids(`SELECT partner_id FROM partners WHERE status = 'approved'`);
  const customers = ids(`SELECT customer_id FROM customers ORDER BY customer_id LIMIT 5000`);
  const pairs = db.prepare(`SELECT provider_id AS providerId, reseller_id AS resellerId FROM partnerships WHERE status = 'active'`).all() as { providerId: string; resellerId: string }[];
  const providers = [...new Set(pairs.map((pair) => pair.providerId))];
  const subscriptionIds = ids(`SELECT subscription_id FROM subscriptions LIMIT 5000`);
  const pick = <T>(items: readonly T[], i: number): T => items[(i * 7919) % items.length]!;
  const times = db.prepare(`SELECT MIN(occurred_at) AS first, MAX(occurred_at) AS last FROM audit_events`).get() as { first: string; last: string };
  const span = Date.parse(times.last) - Date.parse(times.first);
  const day = (i: number): { from: string; to: string } => {
    const from = Date.parse(times.first) + ((i * 7919) % 1000) / 1000 * span;
    return { from: new Date(from).toISOString(), to: new Date(from + 86_400_000).toISOString() };
  };
  // Deep paging: follow the busiest partner's customer list page after page (wrapping around).
  let cursor: string | undefined;
  const nextPageOfBusiest = (): void => {
    const page = listPartnerCustomers(db, busiest[0]!, cursor ? { cursor } : {});
    cursor = page.nextCursor ?? undefined;
  };
  let grantsCursor: string | undefined;
  const nextRetainedPage = (): void => {
    const page = listDapGrants(db, { status: 'retained', ...(grantsCursor ? { cursor: grantsCursor } : {}) });
    grantsCursor = page.nextCursor ?? undefined;
  };
  const byId = db.prepare('SELECT subscription_id, customer_id, offer FROM subscriptions WHERE subscription_id = ?');
  const floor = latency('primary-key lookup', runs, (i) => byId.get(pick(subscriptionIds, i)));
  const queries = [
    latency('partners (approved)', runs, () => listPartners(db, { status: 'approved' })),
    latency("a busy partner's customers", runs, (i) => listPartnerCustomers(db, pick(busiest, i))),
    latency("any partner's customers", runs, (i) => listPartnerCustomers(db, pick(partners, i))),
    latency('customers, paging deep (cursor)', runs, nextPageOfBusiest),
    latency("a customer's partners", runs, (i) => listCustomerPartners(db, pick(customers, i))),
    latency('shared customers (reseller + provider)', runs, (i) => listSharedCustomers(db, pick(pairs, i).resellerId, pick(pairs, i).providerId)),
    latency("a provider's resellers", runs, (i) => listIndirectResellers(db, pick(providers, i))),
    latency("a partner's open requests", runs, (i) => listPartnerOpenRequests(db, pick(busiest, i))),
    latency('retained DAP grants', runs, () => listDapGrants(db, { status: 'retained' })),
    latency('retained DAP grants, paging deep', runs, nextRetainedPage),
    latency("a partner's DAP grants", runs, (i) => listDapGrants(db, { partnerId: pick(busiest, i) })),
    latency('csp subscriptions', runs, () => listSubscriptions(db, { channel: 'csp' })),
    latency("a partner of record's subscriptions", runs, (i) => listSubscriptions(db, { partnerOfRecord: pick(busiest, i) })),
    await latencyAsync('audit: events naming a partner', runs, (i) => listAuditEvents(db, log, { partnerId: pick(busiest, i) })),
    await latencyAsync('audit: events naming a customer', runs, (i) => listAuditEvents(db, log, { customerId: pick(customers, i) })),
    await latencyAsync('audit: by type', runs, () => listAuditEvents(db, log, { type: 'CustomerRelationshipRemoved' })),
    await latencyAsync('audit: one day', runs, (i) => listAuditEvents(db, log, day(i))),
  ];
  return { floor, queries };
}

/** p50 and p99 of a set of samples in milliseconds. */
function percentiles(name: string, samples: number[]): Latency {
  samples.sort((a, b) => a - b);
  return { name, p50: samples[Math.floor(samples.length * 0.5)]!, p99: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))]! };
}

/**
 * The as-of read of one customer's long stream, and its ceiling: the same rows read raw and parsed.
 * The three are sampled in turn, so a pause of the machine (another process, a collection) hits
 * each of them alike instead of one stretch of samples.
 */
async function asOfLatencies(
  store: EventStore,
  file: string,
  customerId: string,
  runs: number,
): Promise<{ raw: Latency; asOf: Latency; check: Latency; asOfFirstRead: Latency; events: number }> {
  // The API reads streams through the shared stream read cache (apps/ledger-api/src/event-store/
  // open-event-store.ts): a customer asked about again costs its new events only. `store` is the
  // plain upcasting store, so the as-of read is also timed as a first read of the stream.
  const apiStore = withUpcasting(withStreamReadCache(createSqliteEventStore({ path: file, durable: false })), LEDGER_UPCASTERS);
  const streamId = streams.customer(customerId);
  const stream = await store.readStream(streamId);
  const times = stream.map((event) => event.metadata['occurredAt'] as string);
  const pickTime = (i: number): string => times[Math.floor((((i * 7919) % 1000) / 1000) * times.length)]!;
  const partnerId = (stream.find((event) => event.type === 'ResellerRelationshipEstablished')?.data as { partnerId: string }).partnerId;
  const raw = new Database(file, { readonly: true });
  const rows = raw.prepare('SELECT position, stream_id, revision, id, type, data, metadata, recorded_at FROM events WHERE stream_id = ? ORDER BY revision');
  const readRaw = (): unknown[] => (rows.all(streamId) as EventRow[]).map((row) => ({ ...row, data: JSON.parse(row.data) as unknown, metadata: JSON.parse(row.metadata) as unknown }));
  const asOfThrough = async (source: EventStore, i: number): Promise<unknown> => customerViewOf(replayCustomer(await source.readStream(streamId), { asOf: pickTime(i) }));
  const check = async (i: number): Promise<unknown> =>
    authorizationCheck(toRecordedCustomerEvents(await apiStore.readStream(streamId)), partnerId, i % 2 === 0 ? 'administer-tenant' : 'submit-order', pickTime(i));
  const samples = { raw: [] as number[], asOf: [] as number[], check: [] as number[], asOfFirstRead: [] as number[] };
  try {
    const warmUp = 20;
    for (let i = 0; i < warmUp + runs; i += 1) {
      let started = now();
      readRaw();
      const rawMs = now() - started;
      started = now();
      await asOfThrough(apiStore, i);
      const asOfMs = now() - started;
      started = now();
      await check(i);
      const checkMs = now() - started;
      started = now();
      await asOfThrough(store, i);
      const asOfFirstReadMs = now() - started;
      if (i < warmUp) continue;
      samples.raw.push(rawMs);
      samples.asOf.push(asOfMs);
      samples.check.push(checkMs);
      samples.asOfFirstRead.push(asOfFirstReadMs);
    }
    return {
      raw: percentiles('raw read+parse of the stream', samples.raw),
      asOf: percentiles('as-of read', samples.asOf),
      check: percentiles('authorization check as of', samples.check),
      asOfFirstRead: percentiles('as-of read, first read of the stream (no stream cache)', samples.asOfFirstRead),
      events: stream.length,
    };
  } finally {
    raw.close();
    await apiStore.close();
  }
}

async function run(options: BenchOptions): Promise<BenchRow[]> {
  const size = options.quick ? QUICK_DEMO_STORE : FULL_DEMO_STORE;
  const generationStarted = now();
  const demo = await cachedDemoStore(size);
  const generationSeconds = (now() - generationStarted) / 1000;
  const store = withUpcasting(createSqliteEventStore({ path: demo.file, durable: false }), LEDGER_UPCASTERS);
  const readModels = (name: string): string => path.join(options.workDir, `${name}.db`);
  const rows: BenchRow[] = [];
  try {
    const head = await store.headPosition();
    rows.push({
      scenario: `demo data: ${size.partners.toLocaleString('en-US')} partners, ${size.customers.toLocaleString('en-US')} customers (seed ${size.seed})`,
      result: `${head.toLocaleString('en-US')} events`,
      ceiling: demo.generatedNow
        ? `generated now: ${formatRate(demo.summary.events / generationSeconds)}`
        : `cached (generated at ${formatRate(demo.summary.events / (demo.summary.elapsedMs / 1000))})`,
      ratio: '',
      target: '',
      met: null,
    });

    // The as-of reads first, while the process is fresh: the rebuilds leave a large heap whose
    // collection would land in these few-millisecond samples.
    const asOfRows: BenchRow[] = [];
    const long = demo.summary.customers.longHistory[0];
    if (long) {
      const { raw, asOf, check, asOfFirstRead, events } = await asOfLatencies(store, demo.file, long.customerId, options.quick ? 200 : 500);
      for (const measure of [asOf, check]) {
        asOfRows.push({
          scenario: `${measure.name}: a customer with ${events.toLocaleString('en-US')} events, as the API reads it (stream read cache)`,
          result: `p99 ${ms(measure.p99)} (p50 ${ms(measure.p50)})`,
          ceiling: `p99 ${ms(raw.p99)} raw read+parse`,
          ratio: formatTimes(measure.p99 / raw.p99),
          target: `p99 ≤ ${AS_OF_P99_TARGET_MS} ms`,
          met: measure.p99 <= AS_OF_P99_TARGET_MS,
        });
      }
      // The first question about a customer, before its stream is cached: judged by the same target
      // (under the query load most questions are first reads: the load cycles through more events
      // than the cache holds).
      asOfRows.push({
        scenario: `${asOfFirstRead.name}: the same customer`,
        result: `p99 ${ms(asOfFirstRead.p99)} (p50 ${ms(asOfFirstRead.p50)})`,
        ceiling: `p99 ${ms(raw.p99)} raw read+parse`,
        ratio: formatTimes(asOfFirstRead.p99 / raw.p99),
        target: `p99 ≤ ${AS_OF_P99_TARGET_MS} ms`,
        met: asOfFirstRead.p99 <= AS_OF_P99_TARGET_MS,
      });
    }

    // The ceiling, measured before and after the rebuilds; the better of the two is kept.
    const ceilingBefore = rawReadAndParse(demo.file);

    await firstBuild(store, readModels('all'), allProjections, demo.file);
    const all = await rebuildAll(store, readModels('all'), demo.file);
    const singles: { name: string; measure: RebuildMeasure }[] = [];
    for (const projection of allProjections) {
      singles.push({ name: projection.name, measure: await firstBuild(store, readModels(projection.name), [projection], demo.file) });
      fs.rmSync(readModels(projection.name), { force: true });
    }
    const ceilingAfter = rawReadAndParse(demo.file);
    const ceiling = Math.max(ceilingBefore.perSecond, ceilingAfter.perSecond);
    const ceilingText = `${formatRate(ceiling)} raw read+parse`;

    rows.push({
      scenario: `rebuild: all ${allProjections.length} projections, one pass (${all.events.toLocaleString('en-US')} events)`,
      result: formatRate(all.perSecond),
      ceiling: ceilingText,
      ratio: formatTimes(all.perSecond / ceiling),
      target: `≥ ${formatRate(ALL_TARGET)}`,
      met: all.perSecond >= ALL_TARGET,
    });
    for (const single of singles) {
      rows.push({
        scenario: `rebuild: ${single.name} alone`,
        result: formatRate(single.measure.perSecond),
        ceiling: ceilingText,
        ratio: formatTimes(single.measure.perSecond / ceiling),
        target: `≥ ${formatRate(SINGLE_TARGET)}`,
        met: single.measure.perSecond >= SINGLE_TARGET,
      });
    }

    // Memory: the median RSS of the second half of the rebuild of all against that of the first half.
    const half = all.events / 2;
    const firstHalf = all.rss.filter(([events]) => events <= half).map(([, rss]) => rss);
    const secondHalf = all.rss.filter(([events]) => events > half).map(([, rss]) => rss);
    const growth = median(secondHalf) / median(firstHalf) - 1;
    rows.push({
      scenario: `memory: RSS while rebuilding all (${all.rss.length - 1} pages)`,
      result: `median ${mb(median(secondHalf))} in the 2nd half (peak ${mb(Math.max(...secondHalf))})`,
      ceiling: `median ${mb(median(firstHalf))} in the 1st half (peak ${mb(Math.max(...firstHalf))})`,
      ratio: `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)} %`,
      target: `flat (≤ +${RSS_GROWTH_LIMIT * 100} %)`,
      met: growth <= RSS_GROWTH_LIMIT,
    });

    // Queries on the rebuilt read models.
    const { db } = createReadModels({ store, path: readModels('all') });
    const auditLog = sqliteEventReader({ path: demo.file, upcasters: LEDGER_UPCASTERS });
    try {
      const { floor, queries } = await queryLatencies(db, auditLog, options.quick ? 500 : 2000);
      for (const query of queries) {
        rows.push({
          scenario: `query (100/page): ${query.name}`,
          result: `p99 ${ms(query.p99)} (p50 ${ms(query.p50)})`,
          ceiling: `p99 ${ms(floor.p99)} PK lookup`,
          ratio: formatTimes(query.p99 / floor.p99),
          target: `p99 ≤ ${QUERY_P99_TARGET_MS} ms`,
          met: query.p99 <= QUERY_P99_TARGET_MS,
        });
      }
    } finally {
      db.close();
      auditLog.close();
    }

    rows.push(...asOfRows);
    return rows;
  } finally {
    await store.close();
  }
}

export const readSideScenario: BenchScenario = { name: 'read-side', run };
