/**
 * A data dir the API can start on with its read models already caught up: the cached demo store
 * (demo-store.ts) copied in as `events.db`, then one start of the real API, which projects every
 * event into `read-models.db` and is stopped once `/health/ready` says 200. Cached beside the
 * demo store as `.bench/cache/api-<demo store key>/` (a copy, so the API's files never touch the
 * store other scenarios read), with the ids the query load samples from.
 *
 * The queries and cold-start benchmarks only read it. When the code has changed a projection's
 * version since, one start of the API first rebuilds it (until the swap its queries answer 503, and
 * the in-process queries would not find the new shape), so what is measured is the current shape.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { DemoSummary } from '../../../apps/ledger-cli/src/demo';
import { allProjections, openReadModelDatabase, readModelDatabasePath, readServingVersions } from '@ledger/projections';
import { cachedDemoStore, type DemoStoreSize } from '../demo-store';
import { ApiProcess } from './api-process';

/** A customer's relationship with a partner, as established: what the query load asks about. */
export interface SampledRelationship {
  readonly customerId: string;
  readonly partnerId: string;
  /** When it was established (metadata.occurredAt): an as-of time at which it is active. */
  readonly establishedAt: string;
}

export interface ProjectedDemo {
  readonly dataDir: string;
  readonly events: number;
  readonly summary: DemoSummary;
  readonly sample: readonly SampledRelationship[];
}

const SAMPLE_SIZE = 5_000;
const log = (line: string): void => void process.stderr.write(`[bench data] ${line}\n`);

/** The demo store of `size`, projected; built on first use and reused afterwards. */
export async function projectedDemo(size: DemoStoreSize): Promise<ProjectedDemo> {
  const store = await cachedDemoStore(size);
  const cacheDir = path.dirname(store.file);
  const key = path.basename(store.file, '.db');
  const dataDir = path.join(cacheDir, `api-${key}`);
  const manifest = path.join(dataDir, 'bench-manifest.json');
  if (fs.existsSync(manifest)) {
    await upgradeReadModels(dataDir);
    return { dataDir, summary: store.summary, ...(JSON.parse(fs.readFileSync(manifest, 'utf8')) as { events: number; sample: SampledRelationship[] }) };
  }

  // Data dirs of older demo stores of this size and seed go (the demo store itself was replaced).
  const prefix = `api-${key.slice(0, key.lastIndexOf('-') + 1)}`;
  for (const stale of fs.readdirSync(cacheDir)) if (stale.startsWith(prefix)) fs.rmSync(path.join(cacheDir, stale), { recursive: true, force: true });

  const partial = `${dataDir}.partial-${process.pid}`;
  fs.mkdirSync(partial, { recursive: true });
  log(`copying ${path.basename(store.file)} and projecting it with the API (once; cached in ${path.relative(process.cwd(), dataDir)})…`);
  fs.copyFileSync(store.file, path.join(partial, 'events.db'));
  const started = Date.now();
  const api = await ApiProcess.start({ dataDir: partial, readyTimeoutMs: 30 * 60_000 });
  await api.stop();
  log(`projected in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const { events, sample } = sampleRelationships(path.join(partial, 'events.db'));
  fs.writeFileSync(path.join(partial, 'bench-manifest.json'), JSON.stringify({ events, sample }));
  fs.renameSync(partial, dataDir);
  return { dataDir, summary: store.summary, events, sample };
}

/** Starts the API once on `dataDir` if a projection's tables are of another version than the code's (it rebuilds them). */
async function upgradeReadModels(dataDir: string): Promise<void> {
  const db = openReadModelDatabase(readModelDatabasePath(dataDir));
  let stale: string[];
  try {
    const serving = readServingVersions(db);
    stale = allProjections.filter((projection) => serving.get(projection.name) !== projection.version).map((projection) => projection.name);
  } finally {
    db.close();
  }
  if (stale.length === 0) return;
  log(`rebuilding ${stale.join(', ')} for their new version (once)…`);
  const started = Date.now();
  const api = await ApiProcess.start({ dataDir, readyTimeoutMs: 30 * 60_000 });
  await api.stop();
  log(`rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Established relationships spread evenly over the log (popular partners come up as often as they have customers). */
function sampleRelationships(file: string): { events: number; sample: SampledRelationship[] } {
  const db = new Database(file, { readonly: true });
  try {
    const events = (db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').get() as { head: number }).head;
    const rows = db
      .prepare(
        `SELECT json_extract(data, '$.customerId') AS customerId, json_extract(data, '$.partnerId') AS partnerId,
                json_extract(metadata, '$.occurredAt') AS establishedAt
           FROM events WHERE type = 'ResellerRelationshipEstablished'`,
      )
      .all() as SampledRelationship[];
    const step = Math.max(1, Math.floor(rows.length / SAMPLE_SIZE));
    return { events, sample: rows.filter((_, index) => index % step === 0).slice(0, SAMPLE_SIZE) };
  } finally {
    db.close();
  }
}
