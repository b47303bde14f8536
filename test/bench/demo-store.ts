/**
 * The benchmark's data: event stores filled by the demo generator (apps/ledger-cli/src/demo) —
 * partners of every type, partnerships, customers with multi-partner relationships, removals with
 * retained DAP, subscriptions over several channels — written through the real execute functions.
 *
 * Generating a million events takes a few minutes (in a child process, see generateInChild), so
 * stores are cached under `.bench/cache/`, keyed by size, seed and a hash of what decides the
 * stored events' shape: the generator's own code, the event type definitions (`*.events.ts`) and
 * the store's table layout. Other changes to the domain
 * libraries (rules, messages, HTTP) reuse the cached store; a change to any hashed file makes a new
 * one, and older stores of the same size and seed are deleted. A store is written to a temporary
 * file and renamed when complete, so an interrupted run never leaves a broken cache entry.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSqliteEventStore } from '@ledger/event-store';
import { type DemoSummary, generateDemoLedger } from '../../apps/ledger-cli/src/demo';
import { createProgressBar, formatCount, formatDuration } from '../../apps/ledger-cli/src/support/progress-bar';

export interface DemoStoreSize {
  readonly partners: number;
  readonly customers: number;
  readonly seed: number;
}

/** About 100,000 events. */
export const QUICK_DEMO_STORE: DemoStoreSize = { partners: 100, customers: 10_000, seed: 42 };
/** About 1,000,000 events. */
export const FULL_DEMO_STORE: DemoStoreSize = { partners: 1000, customers: 100_000, seed: 42 };

export interface CachedDemoStore {
  /** The SQLite event store file. Open it read-only in spirit: other scenarios reuse it. */
  readonly file: string;
  readonly summary: DemoSummary;
  /** True when this run generated it (false: taken from the cache). */
  readonly generatedNow: boolean;
}

const REPO_ROOT = path.resolve(__dirname, '../..');
/** The generator itself: its plan decides every command. */
const GENERATOR_FOLDER = 'apps/ledger-cli/src/demo';
/** Where the domain libraries define their events' shapes (`*.events.ts`). */
const DOMAIN_FOLDERS = ['libs/kernel/src', 'libs/partners/src', 'libs/partnerships/src', 'libs/customers/src', 'libs/subscriptions/src'];
/** The event store's table layout. */
const STORE_LAYOUT = 'libs/event-store/src/sqlite/schema.ts';

/** A short hash of the files that decide what a demo store holds (see above). */
export function codeVersion(): string {
  const files: string[] = [];
  const walk = (dir: string, keep: (file: string) => boolean): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, keep);
      else if (keep(full)) files.push(full);
    }
  };
  walk(path.join(REPO_ROOT, GENERATOR_FOLDER), (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
  for (const folder of DOMAIN_FOLDERS) walk(path.join(REPO_ROOT, folder), (file) => file.endsWith('.events.ts'));
  files.push(path.join(REPO_ROOT, STORE_LAYOUT));
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(path.relative(REPO_ROOT, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}

/** Whether a process with this id is running (a stale lock or partial file otherwise). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The cached store of this size and seed for the current code, generated (fast, not durable) if
 * missing. Several bench processes may ask at once: one generates under `<key>.lock`, the others
 * wait for its store. Stale stores (other keys) are removed, but never a store another running
 * process is still writing.
 */
export async function cachedDemoStore(size: DemoStoreSize, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<CachedDemoStore> {
  const cacheDir = path.resolve('.bench', 'cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const prefix = `demo-p${size.partners}-c${size.customers}-s${size.seed}-`;
  const key = `${prefix}${codeVersion()}`;
  const file = path.join(cacheDir, `${key}.db`);
  const summaryFile = path.join(cacheDir, `${key}.json`);
  const lockFile = path.join(cacheDir, `${key}.lock`);
  let waitingSaid = false;
  for (;;) {
    if (fs.existsSync(file) && fs.existsSync(summaryFile)) {
      return { file, summary: JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as DemoSummary, generatedNow: false };
    }
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        if (!waitingSaid) log(`Waiting for process ${holder}, which is generating the demo store ${key}…`);
        waitingSaid = true;
        await sleep(2000);
      } else {
        fs.rmSync(lockFile, { force: true });
      }
    }
  }
  try {
    return await generateInto(size, key, file, summaryFile, cacheDir, prefix, log);
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

async function generateInto(
  size: DemoStoreSize,
  key: string,
  file: string,
  summaryFile: string,
  cacheDir: string,
  prefix: string,
  log: (line: string) => void,
): Promise<CachedDemoStore> {
  // Stores of this size and seed made by other code versions, unless a running process owns them.
  for (const name of fs.readdirSync(cacheDir)) {
    if (!name.startsWith(prefix) || name.startsWith(`${key}.`)) continue;
    const owner = /\.(?:partial-(\d+)\.db(?:-wal|-shm)?|lock)$/.exec(name);
    const pid = owner ? Number(owner[1] ?? fs.readFileSync(path.join(cacheDir, name), 'utf8')) : null;
    if (pid !== null && Number.isInteger(pid) && pid > 0 && isRunning(pid)) continue;
    fs.rmSync(path.join(cacheDir, name), { force: true });
  }
  log(`Generating the demo store ${key} (${formatCount(size.partners)} partners, ${formatCount(size.customers)} customers; cached for later runs)…`);
  const { temporary, summary } = await generateInChild(size, cacheDir, key);
  if (summary.refused > 0) throw new Error(`The demo generator had ${summary.refused} commands refused: ${summary.refusals.join(' | ')}`);
  // A clean close checkpoints and removes the WAL; should one remain, it moves with the file.
  for (const suffix of ['-wal', '-shm']) if (fs.existsSync(`${temporary}${suffix}`)) fs.renameSync(`${temporary}${suffix}`, `${file}${suffix}`);
  fs.renameSync(temporary, file);
  fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 2));
  return { file, summary, generatedNow: true };
}

/** What the generating child leaves: its store file (not renamed yet) and what it wrote. */
interface ChildResult {
  readonly temporary: string;
  readonly summary: DemoSummary;
}

/**
 * Generation runs in a child process (this file, see the end): the generator's heap (up to 100k
 * remembered events, the plan) goes with it instead of staying in the bench process, whose memory
 * some scenarios measure, and the child gets a larger young generation (--max-semi-space-size=64:
 * about 8 % less CPU for the generator, mostly fewer scavenges of its short-lived objects).
 */
function generateInChild(size: DemoStoreSize, cacheDir: string, key: string): Promise<ChildResult> {
  const resultFile = path.join(cacheDir, `${key}.result-${process.pid}.json`);
  return new Promise<ChildResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-semi-space-size=64', '-r', '@swc-node/register', __filename, GENERATE, JSON.stringify({ size, cacheDir, key, resultFile })], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      try {
        if (code !== 0) throw new Error(`The demo generator process ended with ${signal ?? `exit code ${code}`} (its error is above).`);
        resolve(JSON.parse(fs.readFileSync(resultFile, 'utf8')) as ChildResult);
      } catch (error) {
        reject(error);
      } finally {
        fs.rmSync(resultFile, { force: true });
      }
    });
  });
}

const GENERATE = '--generate-demo-store';

/**
 * The child: fills `<key>.partial-<its pid>.db` through the generator, not durable — a commit is
 * not synced to disk (WAL, synchronous=NORMAL), because a half-written demo store is worth nothing
 * after a crash (it is not renamed into the cache, and the next run deletes it and starts again);
 * the clean close at the end checkpoints the WAL into the file.
 */
async function generateChild(request: { size: DemoStoreSize; cacheDir: string; key: string; resultFile: string }): Promise<void> {
  const temporary = path.join(request.cacheDir, `${request.key}.partial-${process.pid}.db`);
  const store = createSqliteEventStore({ path: temporary, durable: false });
  const bar = createProgressBar('demo data {phase} [{bar}] {percentage}% | {events} events | {rate} ev/s | {timeLeft} left');
  let summary: DemoSummary;
  try {
    summary = await generateDemoLedger(store, {
      ...request.size,
      longHistoryCustomers: 1,
      longHistoryEvents: 1000,
      onProgress: (progress) =>
        bar.update(progress.commandsDone, progress.commandsTotal, {
          phase: progress.phase.padEnd(12),
          events: formatCount(progress.events),
          rate: formatCount(progress.eventsPerSecond),
          timeLeft: formatDuration(progress.etaMs),
        }),
    });
  } finally {
    bar.stop();
    await store.close();
  }
  const result: ChildResult = { temporary, summary };
  fs.writeFileSync(request.resultFile, JSON.stringify(result));
}

if (require.main === module && process.argv[2] === GENERATE) {
  generateChild(JSON.parse(process.argv[3]!) as Parameters<typeof generateChild>[0]).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
