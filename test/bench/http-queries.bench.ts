/**
 * HTTP queries (issue 8): on the demo store (≈ 1M events; ≈ 100k with --quick) with its read models
 * caught up (http/projected-demo.ts), 32 concurrent clients (autocannon in this process) ask the
 * mix of http/query-workload.ts — customer lists, a customer now, retained DAP grants,
 * authorization checks now and as of a time, a customer as of a time — as an auditor, about
 * relationships sampled from the data, for 30 s (8 s with --quick) after a warm-up, against the
 * real API in a child process. Target ≥ 8,000 queries/s with p99 ≤ 20 ms.
 *
 * Ceiling (the ratio's denominator), in the same run on the same files: the same queries answered
 * in-process, one after the other, by the functions the controllers call (query functions on the
 * same read-model database, stream reads through the same upcasting store and stream read cache as
 * the API's, the replay, the JSON) —
 * one core's worth of the work itself, without HTTP. Also printed: the HTTP stack alone, the same
 * 32 clients on `GET /health/live` of the same server (no token, no work), and the server's peak
 * RSS (VmHWM) once it has served the load (target ≤ 300 MB) beside its RSS when it became ready —
 * started as `npm start` does, then again as `npm run start:lean` does (Node heap and malloc
 * limits: less memory for more CPU, both printed).
 *
 * `BENCH_CPU_PROFILE=1` starts the server with `--cpu-prof` (profile in .bench/profiles/).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteEventStore, withStreamReadCache } from '@ledger/event-store';
import { openReadModelDatabase, readModelDatabasePath } from '@ledger/projections';
import { LEDGER_UPCASTERS, withUpcasting } from '../../libs/event-store/src/upcasting';
import { FULL_DEMO_STORE, QUICK_DEMO_STORE } from './demo-store';
import { ApiProcess, type StartScript } from './http/api-process';
import { formatStatuses, type LoadResult, runLoad } from './http/load';
import { projectedDemo } from './http/projected-demo';
import { answerPassInProcess, benchAuditorToken, httpQuerySequence, QUERIES_PER_PASS, SampleSource } from './http/query-workload';
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
const QUICK: Sizes = { warmUpSeconds: 2, loadSeconds: 8, ceilingSeconds: 2 };

const log = (line: string): void => void process.stderr.write(`[http-queries] ${line}\n`);
const perSecond = (value: number, unit: string): string => `${Math.round(value).toLocaleString('en-US')} ${unit}/s`;
const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The six-question passes answered in-process, one after the other, for `seconds`: queries per second. */
async function inProcessRate(dataDir: string, source: SampleSource, seconds: number): Promise<number> {
  const db = openReadModelDatabase(readModelDatabasePath(dataDir));
  const store = createSqliteEventStore({ path: join(dataDir, 'events.db'), durable: true });
  // The API's read side: the upcasting log over the stream read cache (event-store.module.ts).
  const upcast = withUpcasting(withStreamReadCache(store), LEDGER_UPCASTERS);
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

interface Served {
  readonly load: LoadResult;
  /** The same clients on /health/live, when asked for. */
  readonly live: LoadResult | undefined;
  readonly serverCpu: number;
  /** Milliseconds of server CPU per query over the measured load. */
  readonly cpuPerQueryMs: number;
  readonly idleRss: number;
  readonly startupPeakRss: number;
  readonly peakRss: number;
  readonly peakSinceLoad: boolean;
}

/**
 * Starts the API on `dataDir`, lets its startup work finish (it verifies the log's hash chains once
 * at startup by default, in the background), then a warm-up, optionally /health/live, and the
 * measured query load; the peak RSS counts from the warm-up on.
 */
async function serveQueries(
  dataDir: string,
  source: SampleSource,
  sizes: Sizes,
  options: { label: string; profileDir?: string; script?: StartScript; withStackCeiling?: boolean },
): Promise<Served> {
  const api = await ApiProcess.start({ dataDir, ...(options.script ? { script: options.script } : {}), ...(options.profileDir ? { cpuProfileDir: options.profileDir } : {}) });
  try {
    const settling = performance.now();
    // The startup verification of the log runs in a worker thread; the load must not run beside
    // it (a CPU-quiet test alone fired during the walk on a loaded machine). The verification
    // endpoint waits for the first run to complete, so asking it is waiting for the walk.
    await api.waitForStartupVerification(benchAuditorToken(), 600_000);
    await api.settle(300_000);
    log(`${options.label}: ready after ${(api.readyAfterMs / 1000).toFixed(1)} s, idle ${((performance.now() - settling) / 1000).toFixed(1)} s later`);
    const idleRss = api.memory('VmRSS');
    const startupPeakRss = api.memory('VmHWM');
    const peakSinceLoad = api.resetPeakMemory();
    const requests = httpQuerySequence(source);
    await runLoad({ url: api.url, connections: CLIENTS, seconds: sizes.warmUpSeconds, requests });
    let live: LoadResult | undefined;
    if (options.withStackCeiling) {
      live = await runLoad({
        url: api.url,
        connections: CLIENTS,
        seconds: sizes.ceilingSeconds,
        requests: [{ label: 'live', method: 'GET', build: () => ({ path: '/health/live', headers: {} }) }],
      });
      log(`HTTP stack alone (GET /health/live): ${perSecond(live.perSecond, 'req')}, p99 ${live.p99Ms} ms`);
    }
    const cpuBefore = api.cpuSeconds();
    log(`${options.label}: ${CLIENTS} clients for ${sizes.loadSeconds} s…`);
    const load = await runLoad({ url: api.url, connections: CLIENTS, seconds: sizes.loadSeconds, requests });
    const serverCpu = (api.cpuSeconds() - cpuBefore) / load.seconds;
    const peakRss = api.memory('VmHWM');
    const problems = api.problems();
    if (problems.count > 0) log(`the server logged ${problems.count} errors under load, e.g. ${problems.first.join(' | ')}`);
    log(`${options.label}: ${perSecond(load.perSecond, 'q')}, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms; server CPU ${((serverCpu * 1000) / load.perSecond).toFixed(3)} ms per query (${Math.round(serverCpu * 100)} % of a core); load generator ${Math.round(load.clientCpu * 100)} % of a core`);
    log(`${options.label}: peak RSS ${mb(peakRss)} while serving${peakSinceLoad ? '' : ' (since start: clear_refs not allowed)'}, ${mb(idleRss)} idle before, ${mb(startupPeakRss)} at most during startup`);
    log(`${options.label}: statuses ${formatStatuses(load.statuses)}`);
    for (const failure of load.sampleFailures) log(`  non-2xx: ${failure}`);
    return { load, live, serverCpu, cpuPerQueryMs: (serverCpu * 1000) / load.perSecond, idleRss, startupPeakRss, peakRss, peakSinceLoad };
  } finally {
    await api.stop();
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
  const main = await serveQueries(demo.dataDir, source, sizes, { label: 'default settings', profileDir, withStackCeiling: true });
  const { load, live } = main;
  // The same server started by `npm run start:lean` (smaller young generation, old generation
  // capped, two malloc arenas): the memory it saves and the CPU it costs, side by side.
  const lean = await serveQueries(demo.dataDir, source, { ...sizes, loadSeconds: sizes.ceilingSeconds }, { label: 'npm run start:lean', script: 'start:lean' });
  if (profileDir) log(`server CPU profile written to ${profileDir}`);

  const failures = load.non2xx + load.errors;
  return [
    {
      scenario:
        `http queries: lists, retained DAP, authorization checks, as-of reads; ${CLIENTS} clients, ${events} events ` +
        `(p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms; ${failures === 0 ? 'no' : failures.toLocaleString('en-US')} non-2xx/errors; CPU: server ${Math.round(main.serverCpu * 100)} %, autocannon ${Math.round(load.clientCpu * 100)} %)`,
      result: `${perSecond(load.perSecond, 'q')} · p99 ${load.p99Ms} ms`,
      ceiling: `${perSecond(inProcess, 'q')} in-process, same queries`,
      ratio: formatPercent(load.perSecond / inProcess),
      target: `≥ ${TARGET_PER_SECOND.toLocaleString('en-US')} q/s, p99 ≤ ${TARGET_P99_MS} ms`,
      met: load.perSecond >= TARGET_PER_SECOND && load.p99Ms <= TARGET_P99_MS,
    },
    {
      scenario: `http queries beside the HTTP stack alone: GET /health/live, ${CLIENTS} clients, same server (p99 ${live!.p99Ms} ms)`,
      result: perSecond(load.perSecond, 'q'),
      ceiling: `${perSecond(live!.perSecond, 'req')} /health/live`,
      ratio: formatPercent(load.perSecond / live!.perSecond),
      target: '',
      met: null,
    },
    {
      scenario: `peak RSS of the API serving the query load (VmHWM${main.peakSinceLoad ? ' from the warm-up on' : ' since start'}), ${events} events, default settings (peak during startup and its log verification ${mb(main.startupPeakRss)})`,
      result: mb(main.peakRss),
      ceiling: `${mb(main.idleRss)} idle before the load`,
      ratio: `${(main.peakRss / main.idleRss).toFixed(1)}×`,
      target: `≤ ${mb(RSS_TARGET_BYTES)}`,
      met: main.peakRss <= RSS_TARGET_BYTES,
    },
    {
      scenario:
        `peak RSS of the same started by npm run start:lean (Node heap and malloc limits, package.json), ` +
        `default settings (${perSecond(lean.load.perSecond, 'q')}, ${lean.cpuPerQueryMs.toFixed(2)} ms server CPU per query vs ${main.cpuPerQueryMs.toFixed(2)} ms; startup peak ${mb(lean.startupPeakRss)})`,
      result: mb(lean.peakRss),
      ceiling: `${mb(lean.idleRss)} idle before the load`,
      ratio: `${(lean.peakRss / lean.idleRss).toFixed(1)}×`,
      target: `≤ ${mb(RSS_TARGET_BYTES)}`,
      met: lean.peakRss <= RSS_TARGET_BYTES,
    },
  ];
}

export const httpQueriesScenario: BenchScenario = { name: 'http-queries', run };
