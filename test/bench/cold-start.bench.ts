/**
 * Cold start (issue 8): the time from spawning the API process (`node -r @swc-node/register
 * apps/ledger-api/src/main.ts`, as `npm start` runs it) to its first `GET /health/ready` answered
 * 200, on a data dir whose ≈ 1M events (≈ 100k with --quick) are already projected into
 * read-models.db (http/projected-demo.ts). Target ≤ 2 s. The median of three starts, after one
 * start that is not counted (it catches up a changed projection version, if any, and warms the
 * page cache the way a restarted server finds it).
 *
 * Ceiling: the same start on an empty data dir (median of three) — the cost of starting the
 * process and the framework, which the events cannot make cheaper; the ratio is what the log and
 * its read models add on top.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { FULL_DEMO_STORE, QUICK_DEMO_STORE } from './demo-store';
import { ApiProcess } from './http/api-process';
import { projectedDemo } from './http/projected-demo';
import { formatTimes, median } from './scenario';
import type { BenchOptions, BenchRow, BenchScenario } from './scenario';

const STARTS = 3;
const TARGET_MS = 2_000;

const log = (line: string): void => void process.stderr.write(`[cold-start] ${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Starts the API on `dataDir` until ready, stops it; milliseconds to ready. */
async function startOnce(dataDir: string): Promise<number> {
  const api = await ApiProcess.start({ dataDir });
  await api.stop();
  return api.readyAfterMs;
}

async function run(options: BenchOptions): Promise<BenchRow[]> {
  const demo = await projectedDemo(options.quick ? QUICK_DEMO_STORE : FULL_DEMO_STORE);
  const events = demo.events.toLocaleString('en-US');
  await startOnce(demo.dataDir);
  const emptyDir = mkdtempSync(join(options.workDir, 'empty-'));
  await startOnce(emptyDir);
  const loaded: number[] = [];
  const empty: number[] = [];
  // Interleaved, so a busy stretch of the machine weighs on both alike.
  for (let i = 0; i < STARTS; i += 1) {
    loaded.push(await startOnce(demo.dataDir));
    empty.push(await startOnce(emptyDir));
  }
  log(`to ready with ${events} events: ${loaded.map(seconds).join(', ')}; empty: ${empty.map(seconds).join(', ')}`);
  const result = median(loaded);
  const floor = median(empty);
  return [
    {
      scenario: `cold start: process start → /health/ready 200, ${events} events already projected (median of ${STARTS})`,
      result: seconds(result),
      ceiling: `${seconds(floor)} with an empty data dir`,
      ratio: formatTimes(result / floor),
      target: `≤ ${seconds(TARGET_MS)}`,
      met: result <= TARGET_MS,
    },
  ];
}

export const coldStartScenario: BenchScenario = { name: 'cold-start', run };
