import Database from 'better-sqlite3';
import { createSqliteEventStore } from '@ledger/event-store';
import { allProjections, createReadModels } from '@ledger/projections';
import { LEDGER_UPCASTERS, withUpcasting } from '../../../libs/event-store/src/upcasting';

/*
 * "Every read model equals a from-zero rebuild of the same log": the rows of every read model as
 * queries see them (the logical views over whichever generation serves), dumped in a stable order
 * from an API's read-models.db, and the same from a fresh ProjectionRunner that built its own
 * database from the event log alone — fed through the ledger's upcasters, exactly as the API feeds it.
 */

export type ReadModelSnapshot = Record<string, string[]>;

/** Every table of every projection, each row as JSON, sorted. */
export function snapshotReadModels(db: Database.Database): ReadModelSnapshot {
  const snapshot: ReadModelSnapshot = {};
  for (const projection of allProjections) {
    for (const table of projection.tables) {
      snapshot[table] = (db.prepare(`SELECT * FROM "${table}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort();
    }
  }
  return snapshot;
}

/** The checkpoint of every projection as its `projection_meta` row says. */
export function checkpointsOf(db: Database.Database): Record<string, number> {
  const rows = db.prepare('SELECT name, checkpoint FROM projection_meta').all() as { name: string; checkpoint: number }[];
  return Object.fromEntries(rows.map((row) => [row.name, row.checkpoint]));
}

/** Reads a stopped API's read-models.db without touching it. */
export function readApiReadModels(file: string): { snapshot: ReadModelSnapshot; checkpoints: Record<string, number> } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return { snapshot: snapshotReadModels(db), checkpoints: checkpointsOf(db) };
  } finally {
    db.close();
  }
}

/** Builds every read model from zero into `targetFile` from the event log at `eventsFile`, up to its head. */
export async function rebuildReadModelsFromLog(eventsFile: string, targetFile: string): Promise<{ snapshot: ReadModelSnapshot; head: number }> {
  const store = createSqliteEventStore({ path: eventsFile, durable: false });
  const { db, runner } = createReadModels({ store: withUpcasting(store, LEDGER_UPCASTERS), path: targetFile });
  try {
    const head = await store.headPosition();
    await runner.start();
    if (!(await runner.waitForPosition(head, 120_000))) throw new Error(`The from-zero rebuild did not reach position ${head}.`);
    return { snapshot: snapshotReadModels(db), head };
  } finally {
    await runner.stop();
    db.close();
    await store.close();
  }
}

/** Differences between two snapshots, table by table (empty when equal), short enough to read in a failure. */
export function diffSnapshots(actual: ReadModelSnapshot, expected: ReadModelSnapshot): string[] {
  const differences: string[] = [];
  for (const table of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    const a = actual[table] ?? [];
    const e = expected[table] ?? [];
    if (JSON.stringify(a) === JSON.stringify(e)) continue;
    const inExpected = new Set(e);
    const inActual = new Set(a);
    const extra = a.filter((row) => !inExpected.has(row));
    const missing = e.filter((row) => !inActual.has(row));
    differences.push(
      `${table}: ${a.length} rows vs ${e.length} rebuilt; only in the API's: ${extra.slice(0, 3).join(' | ') || '—'}; only in the rebuild: ${missing.slice(0, 3).join(' | ') || '—'}`,
    );
  }
  return differences;
}
