/**
 * `npm run bench [-- --quick] [-- --only append] [-- --strict]`: runs the benchmark scenarios and
 * prints one table (scenario | result | ceiling | ratio | target | ✓/✗). Each scenario measures its
 * own ceiling in the same run, so ratios are comparable across machines even when rates are not.
 * `--strict` exits with 1 when a target is missed. Results and method: BENCHMARKS.md.
 *
 * To add a scenario: write `test/bench/<name>.bench.ts` exporting a `BenchScenario` and list it in
 * `SCENARIOS` below.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { appendScenario } from './append.bench';
import { coldStartScenario } from './cold-start.bench';
import { httpCommandsScenario } from './http-commands.bench';
import { httpQueriesScenario } from './http-queries.bench';
import { readSideScenario } from './read-side.bench';
import { subscriptionScenario } from './subscription.bench';
import type { BenchRow, BenchScenario } from './scenario';

const SCENARIOS: readonly BenchScenario[] = [appendScenario, subscriptionScenario, readSideScenario, httpCommandsScenario, httpQueriesScenario, coldStartScenario];

interface Arguments {
  readonly quick: boolean;
  readonly strict: boolean;
  readonly only: readonly string[];
}

/** Node's own parser (util.parseArgs): unknown or malformed options stop the run with its message. */
function parseArguments(argv: readonly string[]): Arguments {
  const { values } = parseArgs({
    args: [...argv],
    options: { quick: { type: 'boolean', default: false }, strict: { type: 'boolean', default: false }, only: { type: 'string', multiple: true, default: [] } },
    strict: true,
    allowPositionals: false,
  });
  return { quick: values.quick, strict: values.strict, only: values.only };
}

function machine(): string {
  const model = (() => {
    try {
      return /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim();
    } catch {
      return undefined;
    }
  })();
  const cores = (() => {
    try {
      return execSync('nproc', { encoding: 'utf8' }).trim();
    } catch {
      return String(cpus().length);
    }
  })();
  const memory = `${Math.round(totalmem() / 1024 ** 3)} GiB RAM`;
  return `node ${process.version}, ${cores} CPU(s), ${model ?? cpus()[0]?.model ?? 'unknown CPU'}, ${memory}, ${process.platform}/${process.arch}`;
}

function printTable(rows: readonly BenchRow[]): void {
  const header = ['scenario', 'result', 'ceiling', 'ratio', 'target', '✓/✗'];
  const cells = rows.map((row) => [row.scenario, row.result, row.ceiling, row.ratio, row.target, row.met === null ? '' : row.met ? '✓' : '✗']);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]): string => `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  cells.forEach((values) => console.log(line(values)));
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const unknown = args.only.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(`No scenario named ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}.`);
    process.exitCode = 2;
    return;
  }
  const selected = SCENARIOS.filter((scenario) => args.only.length === 0 || args.only.includes(scenario.name));

  // On the project's own disk (like the data/ folder), not a tmpfs: durability costs what it costs there.
  const benchRoot = resolve('.bench');
  mkdirSync(benchRoot, { recursive: true });
  console.log(`Benchmark${args.quick ? ' (quick)' : ''} on ${machine()}`);
  const startLoad = loadavg()[0]!;
  const startedAt = Date.now();
  const rows: BenchRow[] = [];
  for (const scenario of selected) {
    const workDir = mkdtempSync(join(benchRoot, `${scenario.name}-`));
    const scenarioStarted = Date.now();
    try {
      rows.push(...(await scenario.run({ quick: args.quick, workDir })));
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    process.stderr.write(`${scenario.name}: ${((Date.now() - scenarioStarted) / 1000).toFixed(0)} s (load average ${loadavg()[0]!.toFixed(1)})\n`);
  }
  // The machine may be shared: its load says how much of the CPU the benchmark really had.
  console.log(`Load average (1 min) at the start ${startLoad.toFixed(1)}, at the end ${loadavg()[0]!.toFixed(1)}; took ${((Date.now() - startedAt) / 1000).toFixed(0)} s.`);
  printTable(rows);
  if (args.strict && rows.some((row) => row.met === false)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  const usageError = String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
  console.error(usageError ? `${(error as Error).message}\nUsage: npm run bench [-- --quick] [-- --only <scenario>]... [-- --strict]` : error);
  process.exitCode = usageError ? 2 : 1;
});
