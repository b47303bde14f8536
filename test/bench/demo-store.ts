/**
 * The benchmark's data: event stores filled by the demo generator (apps/ledger-cli/src/demo) —
 * partners of every type, partnerships, customers with multi-partner relationships, removals with
 * retained DAP, subscriptions over several channels — written through the real execute functions.
 *
 * Generating a million events takes minutes, so stores are cached under `.bench/cache/`, keyed by
 * size, seed and a hash of the code that decides what is written (the generator, the domain
 * libraries and the event store). A change to any of them makes a new store; older stores of the
 * same size and seed are deleted. A store is written to a temporary file and renamed when
 * complete, so an interrupted run never leaves a broken cache entry.
 */
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
/** Folders whose code decides which events a demo writes, and how they are stored. */
const CODE_FOLDERS = ['apps/ledger-cli/src/demo', 'libs/kernel/src', 'libs/event-store/src', 'libs/partners/src', 'libs/partnerships/src', 'libs/customers/src', 'libs/subscriptions/src'];
/** HTTP edges, tests and other adapters do not change what the generator writes. */
const NOT_CODE = /(\.spec\.ts|\.int-spec\.ts|\.e2e-spec\.ts|\.test-support\.ts|\.controller\.ts|\.dto\.ts|\.handler\.ts|\.module\.ts)$|\/(testing|http|esdb|contract)\//;

/** A short hash of every source file that decides what the generator writes. */
export function codeVersion(): string {
  const hash = createHash('sha256');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !NOT_CODE.test(full)) files.push(full);
    }
  };
  for (const folder of CODE_FOLDERS) walk(path.join(REPO_ROOT, folder));
  for (const file of files.sort()) {
    hash.update(path.relative(REPO_ROOT, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}

/** The cached store of this size and seed for the current code, generated (fast, not durable) if missing. */
export async function cachedDemoStore(size: DemoStoreSize, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<CachedDemoStore> {
  const cacheDir = path.resolve('.bench', 'cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const prefix = `demo-p${size.partners}-c${size.customers}-s${size.seed}-`;
  const key = `${prefix}${codeVersion()}`;
  const file = path.join(cacheDir, `${key}.db`);
  const summaryFile = path.join(cacheDir, `${key}.json`);
  if (fs.existsSync(file) && fs.existsSync(summaryFile)) {
    return { file, summary: JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as DemoSummary, generatedNow: false };
  }

  for (const stale of fs.readdirSync(cacheDir)) if (stale.startsWith(prefix)) fs.rmSync(path.join(cacheDir, stale), { force: true });
  const temporary = path.join(cacheDir, `${key}.partial-${process.pid}.db`);
  log(`Generating the demo store ${key} (${formatCount(size.partners)} partners, ${formatCount(size.customers)} customers; cached for later runs)…`);
  const store = createSqliteEventStore({ path: temporary, durable: false });
  const bar = createProgressBar('demo data {phase} [{bar}] {percentage}% | {events} events | {rate} ev/s | {timeLeft} left');
  let summary: DemoSummary;
  try {
    summary = await generateDemoLedger(store, {
      ...size,
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
  if (summary.refused > 0) throw new Error(`The demo generator had ${summary.refused} commands refused: ${summary.refusals.join(' | ')}`);
  // A clean close checkpoints and removes the WAL; should one remain, it moves with the file.
  for (const suffix of ['-wal', '-shm']) if (fs.existsSync(`${temporary}${suffix}`)) fs.renameSync(`${temporary}${suffix}`, `${file}${suffix}`);
  fs.renameSync(temporary, file);
  fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 2));
  return { file, summary, generatedNow: true };
}
