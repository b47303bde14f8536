/**
 * HTTP commands (issue 8): the mixed command load of http/command-workload.ts — request, accept,
 * subscription record / switch / cancel, remove, revoke — from 64 concurrent clients (autocannon
 * in this process) against the real API in a child process (`node -r @swc-node/register
 * apps/ledger-api/src/main.ts`, durable embedded store, LOG_LEVEL=warn, rate limit raised), for a
 * fixed time (30 s; 8 s with --quick) after a warm-up. Target ≥ 3,000 commands/s with p99 ≤ 50 ms.
 *
 * Ceiling, in the same run on the same disk: the durable store's raw append rate for 64 writers
 * appending the same events in the same groups (http/append-ceiling.ts), measured just before and
 * just after the HTTP load (their mean). Informational: the same command sequence run in-process
 * through the execute functions (what the HTTP handlers call) by 64 workers, which splits the
 * cost between the domain pipeline (read, fold, decide, append) and the HTTP edge.
 *
 * `BENCH_CPU_PROFILE=1` starts the server with `--cpu-prof` (profile in .bench/profiles/).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createSqliteEventStore } from '@ledger/event-store';
import { ApiProcess } from './http/api-process';
import { AppendRecorder, rawAppendRate } from './http/append-ceiling';
import { COMMANDS_PER_PASS, httpCommandSequence, PassSource, runPassInProcess, seedCommandLedger } from './http/command-workload';
import { formatStatuses, runLoad } from './http/load';
import { formatPercent } from './scenario';
import type { BenchOptions, BenchRow, BenchScenario } from './scenario';

const CLIENTS = 64;
const TARGET_PER_SECOND = 3_000;
const TARGET_P99_MS = 50;

interface Sizes {
  readonly partners: number;
  readonly customers: number;
  readonly warmUpSeconds: number;
  readonly loadSeconds: number;
  /** Each of the two ceiling measurements, and the in-process run. */
  readonly ceilingSeconds: number;
}

const FULL: Sizes = { partners: 200, customers: 20_000, warmUpSeconds: 5, loadSeconds: 30, ceilingSeconds: 4 };
const QUICK: Sizes = { partners: 64, customers: 4_000, warmUpSeconds: 2, loadSeconds: 8, ceilingSeconds: 2 };

const log = (line: string): void => void process.stderr.write(`[http-commands] ${line}\n`);
const perSecond = (value: number, unit: string): string => `${Math.round(value).toLocaleString('en-US')} ${unit}/s`;

/** 64 workers run passes through the execute functions for `seconds`; commands per second. */
async function inProcessRate(dataFile: string, passes: PassSource, seconds: number): Promise<number> {
  const store = createSqliteEventStore({ path: dataFile, durable: true });
  try {
    let commands = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < deadline) {
          await runPassInProcess(store, passes.take());
          commands += COMMANDS_PER_PASS;
        }
      }),
    );
    const used = process.cpuUsage(cpu);
    log(`in-process CPU per command: ${((used.user + used.system) / 1000 / commands).toFixed(2)} ms`);
    return commands / ((performance.now() - started) / 1000);
  } finally {
    await store.close();
  }
}

/**
 * How the load's events were committed: the store stamps every append of one group commit within
 * the same millisecond or so, so distinct `recorded_at` values approximate the commits (a lower bound
 * of the appends per commit when several commits share a millisecond).
 */
function commitShape(file: string, afterPosition: number): { events: number; commits: number } {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('SELECT count(*) AS events, count(DISTINCT recorded_at) AS commits FROM events WHERE position > ?').get(afterPosition) as { events: number; commits: number };
    return row;
  } finally {
    db.close();
  }
}

function headOf(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').get() as { head: number }).head;
  } finally {
    db.close();
  }
}

async function run(options: BenchOptions): Promise<BenchRow[]> {
  const sizes = options.quick ? QUICK : FULL;
  const dataDir = join(options.workDir, 'api-data');
  const eventsFile = join(dataDir, 'events.db');
  mkdirSync(dataDir, { recursive: true });

  log(`seeding ${sizes.partners} approved partners and ${sizes.customers.toLocaleString('en-US')} customers through the execute functions…`);
  const seedStore = createSqliteEventStore({ path: eventsFile, durable: false });
  const ledger = await seedCommandLedger(seedStore, sizes);
  const passes = new PassSource(ledger);
  // One pass recorded: the events the ceiling replays.
  const recorder = new AppendRecorder(seedStore);
  await runPassInProcess(recorder, passes.take());
  await seedStore.close();

  const ceilingStore = createSqliteEventStore({ path: join(options.workDir, 'ceiling.db'), durable: true });
  const ceilingBefore = await rawAppendRate(ceilingStore, recorder.appends, CLIENTS, sizes.ceilingSeconds);
  log(`raw appends (64 writers, durable): ${perSecond(ceilingBefore.appendsPerSecond, 'appends')}`);
  const inProcess = await inProcessRate(eventsFile, passes, sizes.ceilingSeconds);
  log(`in-process execute functions (64 workers, durable): ${perSecond(inProcess, 'commands')}`);

  const profileDir = process.env.BENCH_CPU_PROFILE ? resolve('.bench', 'profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const api = await ApiProcess.start({ dataDir, ...(profileDir ? { cpuProfileDir: profileDir } : {}) });
  let load;
  let serverCpu = 0;
  let mainThreadCpu = 0;
  let headBefore = 0;
  try {
    // Startup work in the background (the log's hash-chain verification) finishes first.
    await api.settle(120_000);
    const requests = httpCommandSequence(passes);
    await runLoad({ url: api.url, connections: CLIENTS, seconds: sizes.warmUpSeconds, requests });
    headBefore = headOf(eventsFile);
    const cpuBefore = api.cpuSeconds();
    const mainThreadCpuBefore = api.mainThreadCpuSeconds();
    log(`HTTP load: ${CLIENTS} clients for ${sizes.loadSeconds} s…`);
    load = await runLoad({ url: api.url, connections: CLIENTS, seconds: sizes.loadSeconds, requests });
    serverCpu = (api.cpuSeconds() - cpuBefore) / load.seconds;
    mainThreadCpu = (api.mainThreadCpuSeconds() - mainThreadCpuBefore) / load.seconds;
    await api.settle();
    const problems = api.problems();
    if (problems.count > 0) log(`the server logged ${problems.count} errors under load, e.g. ${problems.first.join(' | ')}`);
  } finally {
    await api.stop();
  }
  if (profileDir) log(`server CPU profile written to ${profileDir}`);
  const ceilingAfter = await rawAppendRate(ceilingStore, recorder.appends, CLIENTS, sizes.ceilingSeconds);
  await ceilingStore.close();
  const ceiling = (ceilingBefore.appendsPerSecond + ceilingAfter.appendsPerSecond) / 2;
  log(`raw appends after the load: ${perSecond(ceilingAfter.appendsPerSecond, 'appends')}`);
  const shape = commitShape(eventsFile, headBefore);
  log(`HTTP load appended ${shape.events.toLocaleString('en-US')} events in ≈ ${shape.commits.toLocaleString('en-US')} commits (≈ ${(load.requests / Math.max(1, shape.commits)).toFixed(1)} commands/commit)`);
  log(`server CPU per command: ${((serverCpu * 1000) / load.perSecond).toFixed(2)} ms (${Math.round(serverCpu * 100)} % of a core at ${perSecond(load.perSecond, 'cmd')}); load generator ${Math.round(load.clientCpu * 100)} % of a core`);
  // The main thread serves every request on one event loop: its CPU per command bounds the rate one core allows.
  log(`server main thread CPU per command: ${((mainThreadCpu * 1000) / load.perSecond).toFixed(2)} ms (${Math.round(mainThreadCpu * 100)} % of a core); other threads ${(((serverCpu - mainThreadCpu) * 1000) / load.perSecond).toFixed(2)} ms`);
  log(`HTTP statuses: ${formatStatuses(load.statuses)}`);
  for (const failure of load.sampleFailures) log(`  non-2xx: ${failure}`);

  const met = load.perSecond >= TARGET_PER_SECOND && load.p99Ms <= TARGET_P99_MS;
  const failures = load.non2xx + load.errors;
  return [
    {
      scenario:
        `http commands: mixed writes, ${CLIENTS} clients, durable (p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms; ` +
        `${failures === 0 ? 'no' : failures.toLocaleString('en-US')} non-2xx/errors; CPU: server ${Math.round(serverCpu * 100)} %, autocannon ${Math.round(load.clientCpu * 100)} %)`,
      result: `${perSecond(load.perSecond, 'cmd')} · p99 ${load.p99Ms} ms`,
      ceiling: `${perSecond(ceiling, 'appends')} raw, same events`,
      ratio: formatPercent(load.perSecond / ceiling),
      target: `≥ ${TARGET_PER_SECOND.toLocaleString('en-US')} cmd/s, p99 ≤ ${TARGET_P99_MS} ms`,
      met,
    },
    {
      scenario: `http commands: the same sequence in-process (execute functions, ${CLIENTS} workers, durable)`,
      result: perSecond(inProcess, 'cmd'),
      ceiling: `${perSecond(ceiling, 'appends')} raw, same events`,
      ratio: formatPercent(inProcess / ceiling),
      target: '',
      met: null,
    },
  ];
}

export const httpCommandsScenario: BenchScenario = { name: 'http-commands', run };
