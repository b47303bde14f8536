/**
 * Following the log (issue 7):
 *
 * (a) Catching up: one `subscribeToAll` from the start of a log of N events (1,000,000; 100,000
 *     with --quick), beside the ceiling of reading the same rows with raw better-sqlite3 pages of
 *     the same size and JSON-parsing them, on the same file in the same run. Target ≥ 50,000 ev/s.
 *     Informational: the same through `withUpcasting` (what the SSE stream reads), and a whole
 *     SSE catch-up over HTTP (envelope, framing, socket, a client parsing it in another process).
 * (b) Fan-out: the p99 delay from appending an event to a live SSE client receiving it, with 50
 *     subscribers against 1. Target: the 50 add ≤ 20 ms to the p99. The API runs in this process
 *     (so appends reach its live feed at once, as a command's would); the clients run in a child
 *     process (sse-bench-clients.ts), so their parsing does not slow the server's event loop.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/ledger-api/src/create-app';
import { TEST_JWT_SECRET, tokenFor } from '../../apps/ledger-api/test/support/tokens';
import type { EventStore } from '../../libs/event-store/src/port';
import { applyConnectionPragmas, EVENTS_TABLE_DDL } from '../../libs/event-store/src/sqlite/schema';
import { createSqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import { LEDGER_UPCASTERS, withUpcasting } from '../../libs/event-store/src/upcasting';
import { formatPercent, formatRate } from './scenario';
import type { BenchOptions, BenchRow, BenchScenario } from './scenario';

interface Sizes {
  readonly catchUpEvents: number;
  readonly sseCatchUpEvents: number;
  readonly pings: number;
  readonly rounds: number;
}

const FULL: Sizes = { catchUpEvents: 1_000_000, sseCatchUpEvents: 200_000, pings: 200, rounds: 2 };
const QUICK: Sizes = { catchUpEvents: 100_000, sseCatchUpEvents: 50_000, pings: 60, rounds: 1 };

/** Rows fetched per page, by the raw ceiling and by the store's subscription (its default). */
const PAGE = 500;
const SUBSCRIBERS = 50;
const PING_INTERVAL_MS = 10;
const SERVICE_TOKEN = tokenFor({ kind: 'service', tid: 'bench', sub: 'bench-subscriber', roles: ['reader'] }, { expiresInSeconds: 3600 });

const now = (): number => performance.timeOrigin + performance.now();
const seconds = (start: number): number => (now() - start) / 1000;

/** A log that looks like the ledger's: customer streams with their usual events, 1 in 8 a (version-1) CustomerRegistered. */
function seedLog(file: string, count: number): void {
  const db = new Database(file);
  applyConnectionPragmas(db, false, 5000);
  db.exec(EVENTS_TABLE_DDL);
  const insert = db.prepare('INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const types = ['CustomerRegistered', 'RelationshipRequested', 'RelationshipAccepted', 'ResellerRelationshipEstablished', 'DelegatedAdminPrivilegesGranted', 'CustomerRelationshipRemoved', 'DelegatedAdminPrivilegesRevoked', 'RelationshipDeclined'];
  const partnerId = randomUUID();
  const recordedAt = new Date().toISOString();
  const insertMany = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n += 1) {
      const revision = n % 8;
      const customerId = `c${Math.floor(n / 8).toString().padStart(8, '0')}-0000-4000-8000-000000000000`;
      const commandId = randomUUID();
      const type = types[revision]!;
      const data = revision === 0
        ? { customerId, companyName: `Customer ${n}`, domain: `c${n}.onmicrosoft.com`, country: 'US', cloud: 'global' }
        : { customerId, partnerId, requestId: commandId };
      const metadata = {
        actor: { kind: 'partner', tenantId: partnerId, userId: 'user-global-admin', roles: ['global-admin', 'admin-agent'] },
        commandId,
        correlationId: commandId,
        causationId: commandId,
        occurredAt: recordedAt,
        schemaVersion: 1,
      };
      insert.run(`customer-${customerId}`, revision, randomUUID(), type, JSON.stringify(data), JSON.stringify(metadata), recordedAt);
    }
  });
  for (let from = 0; from < count; from += 50_000) insertMany(from, Math.min(count, from + 50_000));
  db.close();
}

/** The ceiling: pages of raw rows, parsed as the store parses them. */
function rawReadAndParse(file: string, count: number): number {
  const db = new Database(file, { readonly: true });
  const page = db.prepare('SELECT position, stream_id, revision, id, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position ASC LIMIT ?');
  const started = now();
  let after = 0;
  let read = 0;
  let checksum = 0;
  while (read < count) {
    const rows = page.all(after, PAGE) as Array<{ position: number; stream_id: string; revision: number; id: string; type: string; data: string; metadata: string; recorded_at: string }>;
    if (rows.length === 0) break;
    for (const row of rows) {
      const event = { id: row.id, streamId: row.stream_id, revision: row.revision, position: row.position, type: row.type, data: JSON.parse(row.data) as unknown, metadata: JSON.parse(row.metadata) as unknown, recordedAt: row.recorded_at };
      checksum += event.revision;
    }
    after = rows[rows.length - 1]!.position;
    read += rows.length;
  }
  const elapsed = seconds(started);
  db.close();
  if (read !== count || checksum < 0) throw new Error(`raw read ${read} of ${count}`);
  return count / elapsed;
}

async function subscribeAndCount(store: EventStore, count: number): Promise<number> {
  const started = now();
  const subscription = store.subscribeToAll({ after: 0, batchSize: PAGE });
  let received = 0;
  for await (const event of subscription) {
    received += 1;
    if (received === count) break;
    if (event.position < 0) throw new Error('impossible');
  }
  return count / seconds(started);
}

/** The clients' process and a request/answer helper over its IPC channel. */
class Clients {
  private readonly child: ChildProcess;

  constructor() {
    this.child = fork(join(__dirname, 'sse-bench-clients.ts'), [], { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }

  ask<T>(command: Record<string, unknown>, answer: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: { type: string; message?: string } & T): void => {
        if (message.type === 'error') reject(new Error(message.message));
        else if (message.type === answer) resolve(message);
        else return;
        this.child.off('message', onMessage);
      };
      this.child.on('message', onMessage);
      this.child.send(command);
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

async function startApi(dataDir: string, store: EventStore): Promise<{ app: NestFastifyApplication; url: string }> {
  mkdirSync(dataDir, { recursive: true });
  const app = await createApp({ dataDir, store, port: 0, host: '127.0.0.1', logLevel: 'silent', jwtSecret: TEST_JWT_SECRET });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Appends `count` pings one at a time, each stamped with its send time, and collects every client's delays. */
async function pingDelays(store: EventStore, clients: Clients, url: string, subscribers: number, count: number): Promise<number[]> {
  await clients.ask({ type: 'subscribe', url, token: SERVICE_TOKEN, count: subscribers }, 'ready');
  for (let i = 0; i < count; i += 1) {
    await store.append(`bench-ping-${i % 16}`, [{ id: randomUUID(), type: 'BenchPing', data: { n: i, sentAt: now() }, metadata: { schemaVersion: 1 } }], { expectedRevision: 'any' });
    await new Promise((resolve) => setTimeout(resolve, PING_INTERVAL_MS));
  }
  const { delays } = await clients.ask<{ delays: number[] }>({ type: 'report', expect: count }, 'delays');
  return delays;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

async function run(options: BenchOptions): Promise<BenchRow[]> {
  const sizes = options.quick ? QUICK : FULL;
  const rows: BenchRow[] = [];

  // (a) Catching up.
  const logFile = join(options.workDir, 'catch-up.db');
  seedLog(logFile, sizes.catchUpEvents);
  const store = createSqliteEventStore({ path: logFile, durable: false });
  const upcast = withUpcasting(store, LEDGER_UPCASTERS);
  const rates = { raw: 0, subscription: 0, upcast: 0 };
  await subscribeAndCount(store, Math.min(50_000, sizes.catchUpEvents)); // warm-up
  for (let round = 0; round < sizes.rounds; round += 1) {
    rates.raw = Math.max(rates.raw, rawReadAndParse(logFile, sizes.catchUpEvents));
    rates.subscription = Math.max(rates.subscription, await subscribeAndCount(store, sizes.catchUpEvents));
    rates.upcast = Math.max(rates.upcast, await subscribeAndCount(upcast, sizes.catchUpEvents));
  }
  const events = sizes.catchUpEvents.toLocaleString('en-US');
  rows.push(
    {
      scenario: `catch-up: subscribeToAll over ${events} events`,
      result: formatRate(rates.subscription),
      ceiling: `${formatRate(rates.raw)} raw read+parse`,
      ratio: formatPercent(rates.subscription / rates.raw),
      target: '≥ 50,000 ev/s',
      met: rates.subscription >= 50_000,
    },
    {
      scenario: `catch-up: the same through withUpcasting (1 in 8 events upcast)`,
      result: formatRate(rates.upcast),
      ceiling: `${formatRate(rates.raw)} raw read+parse`,
      ratio: formatPercent(rates.upcast / rates.raw),
      target: '',
      met: null,
    },
  );

  // The whole path: the API serving a catch-up over SSE to a client in another process.
  const clients = new Clients();
  try {
    const catchUpApi = await startApi(join(options.workDir, 'catch-up-api'), store);
    try {
      const { seconds: took } = await clients.ask<{ seconds: number }>({ type: 'catch-up', url: catchUpApi.url, token: SERVICE_TOKEN, expect: sizes.sseCatchUpEvents }, 'caught-up');
      rows.push({
        scenario: `catch-up: GET /v1/events/stream from the start, ${sizes.sseCatchUpEvents.toLocaleString('en-US')} events over HTTP`,
        result: formatRate(sizes.sseCatchUpEvents / took),
        ceiling: `${formatRate(rates.subscription)} subscribeToAll`,
        ratio: formatPercent(sizes.sseCatchUpEvents / took / rates.subscription),
        target: '',
        met: null,
      });
    } finally {
      await catchUpApi.app.close(); // closes the store too
    }

    // (b) Fan-out to live subscribers.
    const liveStore = createSqliteEventStore({ path: join(options.workDir, 'live.db'), durable: false });
    const liveApi = await startApi(join(options.workDir, 'live-api'), liveStore);
    try {
      await pingDelays(liveStore, clients, liveApi.url, 1, 10); // warm-up
      const single: number[] = [];
      const many: number[] = [];
      for (let round = 0; round < sizes.rounds; round += 1) {
        single.push(...(await pingDelays(liveStore, clients, liveApi.url, 1, sizes.pings)));
        many.push(...(await pingDelays(liveStore, clients, liveApi.url, SUBSCRIBERS, sizes.pings)));
      }
      const p99Single = percentile(single, 0.99);
      const p99Many = percentile(many, 0.99);
      rows.push(
        {
          scenario: `fan-out: p99 append → SSE client delay, ${SUBSCRIBERS} live subscribers (p50 ${ms(percentile(many, 0.5))})`,
          result: ms(p99Many),
          ceiling: `${ms(p99Single)} with 1 (p50 ${ms(percentile(single, 0.5))})`,
          ratio: `+${ms(p99Many - p99Single)}`,
          target: '≤ +20 ms',
          met: p99Many - p99Single <= 20,
        },
      );
    } finally {
      await liveApi.app.close();
    }
  } finally {
    clients.close();
  }
  return rows;
}

export const subscriptionScenario: BenchScenario = { name: 'subscription', run };
