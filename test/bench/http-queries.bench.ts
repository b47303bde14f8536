/**
 * HTTP queries (issue 8): on the demo store (≈ 1M events; ≈ 100k with --quick) with its read models
 * caught up (http/projected-demo.ts), 32 concurrent clients (autocannon in this process) ask the
 * mix of http/query-workload.ts — customer lists, a customer now, retained DAP grants,
 * authorization checks now and as of a time, a customer as of a time — as an auditor, about
 * relationships sampled from the data, for 30 s (10 s with --quick) after a warm-up, against the
 * real API in a child process. Target ≥ 8,000 queries/s with p99 ≤ 20 ms.
 *
 * Ceiling (the ratio's denominator), in the same run on the same files: the same queries answered
 * in-process, one after the other, by the functions the controllers call (query functions on the
 * same read-model database, stream reads through the same upcasting store, the replay, the JSON) —
 * one core's worth of the work itself, without HTTP. Also printed: the HTTP stack alone, the same
 * 32 clients on `GET /health/live` of the same server (no token, no work), and the server's peak
 * RSS (VmHWM) once it has served the load (target ≤ 300 MB) beside its RSS when it became ready.
 *
 * `BENCH_CPU_PROFILE=1` starts the server with `--cpu-prof` (profile in .bench/profiles/).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteEventStore } from '@ledger/event-store';
import { openReadModelDatabase, readModelDatabasePath } from '@ledger/projections';
import { LEDGER_UPCASTERS, withUpcasting } from '../../libs/event-store/src/upcasting';
import { FULL_DEMO_STORE, QUICK_DEMO_STORE } from './demo-store';
import { ApiProcess } from './http/api-process';
import { formatStatuses, runLoad } from './http/load';
import { projectedDemo } from './http/projected-demo';
import { answerPassInProcess, httpQuerySequence, QUERIES_PER_PASS, SampleSource } from './http/query-workload';
import { formatPercent } from './scenario';
import type { BenchOptions, BenchRow, BenchScenario } from './scenario';

const CLIENTS = 32;
const TARGET_PER_SECOND = 8_000;
const TARGET_P99_MS = 20;
const RSS_TARGET_BYTES = 300 * 1024 * 1024;

interface Sizes {
  readonly warmUpSeconds: number;
  readonly loadSeconds: number;
  readonly ceilingSeconds: number;
}

const FULL: Sizes = { warmUpSeconds: 5, loadSeconds: 30, ceilingSeconds: 5 };
const QUICK: Sizes = { warmUpSeconds: 2, loadSeconds: 10, ceilingSeconds: 3 };

const log = (line: string): void => void process.stderr.write(`[http-queries] ${line}\n`);
const perSecond = (value: number, unit: string): string => `${Math.round(value).toLocaleString('en-US')} ${unit}/s`;
const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The six-question passes answered in-process, one after the other, for `seconds`: queries per second. */
async function inProcessRate(dataDir: string, source: SampleSource, seconds: number): Promise<number> {
  const db = openReadModelDatabase(readModelDatabasePath(dataDir));
  const store = createSqliteEventStore({ path: join(dataDir, 'events.db'), durable: true });
  const upcast = withUpcasting(store, LEDGER_UPCASTERS);
  try {
    const run = async (until: number): Promise<number> => {
      let passes = 0;
      while (performance.now() < until) {
        const { relationship, pass } = source.take();
        await answerPassInProcess(db, upcast, relationship, pass);
        passes += 1;
      }
      return passes;
    };
    await run(performance.now() + 1000); // warm-up
    const started = performance.now();
    const passes = await run(started + seconds * 1000);
    return (passes * QUERIES_PER_PASS) / ((performance.now() - started) / 1000);
  } finally {
    await store.close();
    db.close();
  }
}

async function run(options: BenchOptions): Promise<BenchRow[]> {
  const sizes = options.quick ? QUICK : FULL;
  const demo = await projectedDemo(options.quick ? QUICK_DEMO_STORE : FULL_DEMO_STORE);
  const events = demo.events.toLocaleString('en-US');
  const source = new SampleSource(demo.sample);

  const inProcess = await inProcessRate(demo.dataDir, source, sizes.ceilingSeconds);
  log(`in-process, one after the other: ${perSecond(inProcess, 'queries')}`);

  const profileDir = process.env.BENCH_CPU_PROFILE ? resolve('.bench', 'profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const api = await ApiProcess.start({ dataDir: demo.dataDir, ...(profileDir ? { cpuProfileDir: profileDir } : {}) });
  let load;
  let live;
  let serverCpu = 0;
  let idleRss = 0;
  let peakRss = 0;
  try {
    idleRss = api.memory('VmRSS');
    const requests = httpQuerySequence(source);
    await runLoad({ url: api.url, connections: CLIENTS, seconds: sizes.warmUpSeconds, requests });
    live = await runLoad({
      url: api.url,
      connections: CLIENTS,
      seconds: sizes.ceilingSeconds,
      requests: [{ label: 'live', method: 'GET', build: () => ({ path: '/health/live', headers: {} }) }],
    });
    log(`HTTP stack alone (GET /health/live): ${perSecond(live.perSecond, 'req')}, p99 ${live.p99Ms} ms`);
    const cpuBefore = api.cpuSeconds();
    log(`HTTP load: ${CLIENTS} clients for ${sizes.loadSeconds} s on ${events} events…`);
    load = await runLoad({ url: api.url, connections: CLIENTS, seconds: sizes.loadSeconds, requests });
    serverCpu = (api.cpuSeconds() - cpuBefore) / load.seconds;
    peakRss = api.memory('VmHWM');
  } finally {
    await api.stop();
  }
  if (profileDir) log(`server CPU profile written to ${profileDir}`);
  log(`server CPU per query: ${((serverCpu * 1000) / load.perSecond).toFixed(3)} ms (${Math.round(serverCpu * 100)} % of a core)`);
  log(`HTTP statuses: ${formatStatuses(load.statuses)}`);
  for (const failure of load.sampleFailures) log(`  non-2xx: ${failure}`);

  const failures = load.non2xx + load.errors;
  return [
    {
      scenario:
        `http queries: lists, retained DAP, authorization checks, as-of reads; ${CLIENTS} clients, ${events} events ` +
        `(p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms; ${failures === 0 ? 'no' : failures.toLocaleString('en-US')} non-2xx/errors; server CPU ${Math.round(serverCpu * 100)} %)`,
      result: `${perSecond(load.perSecond, 'q')} · p99 ${load.p99Ms} ms`,
      ceiling: `${perSecond(inProcess, 'q')} in-process, same queries`,
      ratio: formatPercent(load.perSecond / inProcess),
      target: `≥ ${TARGET_PER_SECOND.toLocaleString('en-US')} q/s, p99 ≤ ${TARGET_P99_MS} ms`,
      met: load.perSecond >= TARGET_PER_SECOND && load.p99Ms <= TARGET_P99_MS,
    },
    {
      scenario: `http queries beside the HTTP stack alone: GET /health/live, ${CLIENTS} clients, same server (p99 ${live.p99Ms} ms)`,
      result: perSecond(load.perSecond, 'q'),
      ceiling: `${perSecond(live.perSecond, 'req')} /health/live`,
      ratio: formatPercent(load.perSecond / live.perSecond),
      target: '',
      met: null,
    },
    {
      scenario: `peak RSS of the API serving the query load (VmHWM), ${events} events`,
      result: mb(peakRss),
      ceiling: `${mb(idleRss)} when ready`,
      ratio: `${(peakRss / idleRss).toFixed(1)}×`,
      target: `≤ ${mb(RSS_TARGET_BYTES)}`,
      met: peakRss <= RSS_TARGET_BYTES,
    },
  ];
}

export const httpQueriesScenario: BenchScenario = { name: 'http-queries', run };
