import type { Projection, ReadModelDb, TableNames } from './projection';

/**
 * The runner's bookkeeping inside the read-model database.
 *
 * - `projection_meta`: per projection, the generation queries read (its version, physical tables,
 *   checkpoint) and the last failure. The checkpoint is updated in the same transaction as the rows.
 * - `projection_rebuilds`: a generation being built into fresh tables, with its own checkpoint, so
 *   an interrupted rebuild resumes where it stopped.
 *
 * Physical tables are named `<logical>__g<generation>`; the logical name is a view over the serving
 * generation's table. Swapping a rebuilt generation in re-creates the views inside one transaction.
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export interface GenerationRecord {
  readonly name: string;
  readonly version: number;
  readonly generation: number;
  readonly checkpoint: number;
  readonly tables: TableNames;
}

export interface MetaRecord extends GenerationRecord {
  readonly error: string | null;
}

interface GenerationRow {
  name: string;
  version: number;
  generation: number;
  checkpoint: number;
  tables: string;
}

export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a valid read-model identifier: ${name}`);
  return `"${name}"`;
}

export function ensureCatalog(db: ReadModelDb): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS projection_meta (
      name TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      generation INTEGER NOT NULL,
      checkpoint INTEGER NOT NULL,
      tables TEXT NOT NULL,
      error TEXT,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS projection_rebuilds (
      name TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      generation INTEGER NOT NULL,
      checkpoint INTEGER NOT NULL,
      tables TEXT NOT NULL,
      started_at TEXT NOT NULL
    );
  `);
}

/** Checks names once, before anything touches the database. */
export function validateProjections(projections: readonly Projection[]): void {
  const names = new Set<string>();
  const tables = new Map<string, string>();
  for (const projection of projections) {
    if (names.has(projection.name)) throw new Error(`Two projections are named ${projection.name}.`);
    names.add(projection.name);
    if (!Number.isInteger(projection.version) || projection.version < 1) {
      throw new Error(`Projection ${projection.name}: version must be a positive integer.`);
    }
    if (projection.tables.length === 0) throw new Error(`Projection ${projection.name} declares no tables.`);
    for (const table of projection.tables) {
      quoteIdentifier(table);
      if (table.includes('__')) throw new Error(`Table ${table}: "__" is reserved for generation suffixes.`);
      if (table.startsWith('projection_') || table.startsWith('sqlite_')) throw new Error(`Table ${table}: reserved prefix.`);
      const owner = tables.get(table);
      if (owner) throw new Error(`Table ${table} is declared by both ${owner} and ${projection.name}.`);
      tables.set(table, projection.name);
    }
  }
}

function toRecord(row: GenerationRow): GenerationRecord {
  return {
    name: row.name,
    version: row.version,
    generation: row.generation,
    checkpoint: row.checkpoint,
    tables: JSON.parse(row.tables) as TableNames,
  };
}

export function readMeta(db: ReadModelDb, name: string): MetaRecord | undefined {
  const row = db.prepare('SELECT * FROM projection_meta WHERE name = ?').get(name) as (GenerationRow & { error: string | null }) | undefined;
  return row ? { ...toRecord(row), error: row.error } : undefined;
}

/**
 * The version of the tables each projection serves now (projection_meta), by name: the API compares
 * it with the code's to know which projections' queries it cannot answer yet (a version change whose
 * rebuild has not swapped in).
 */
export function readServingVersions(db: ReadModelDb): Map<string, number> {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'projection_meta'").get();
  if (!exists) return new Map();
  const rows = db.prepare('SELECT name, version FROM projection_meta').all() as { name: string; version: number }[];
  return new Map(rows.map((row) => [row.name, row.version]));
}

export function readRebuild(db: ReadModelDb, name: string): GenerationRecord | undefined {
  const row = db.prepare('SELECT * FROM projection_rebuilds WHERE name = ?').get(name) as GenerationRow | undefined;
  return row ? toRecord(row) : undefined;
}

export function physicalTables(projection: Projection, generation: number): TableNames {
  return Object.fromEntries(projection.tables.map((table) => [table, `${table}__g${generation}`]));
}

/** The next generation number: above every generation this projection has used, serving or building. */
export function nextGeneration(db: ReadModelDb, name: string): number {
  const row = db
    .prepare(
      `SELECT MAX(g) AS g FROM (
         SELECT generation AS g FROM projection_meta WHERE name = ?
         UNION ALL SELECT generation FROM projection_rebuilds WHERE name = ?)`,
    )
    .get(name, name) as { g: number | null };
  return (row.g ?? 0) + 1;
}

/**
 * Creates fresh tables for a generation, dropping leftovers of the same name first (they hold
 * nothing we trust). Query-only indexes come now when the tables serve queries at once, else later.
 */
export function createGenerationTables(db: ReadModelDb, projection: Projection, tables: TableNames, withQueryIndexes: boolean): void {
  dropTables(db, tables);
  projection.createSchema(db, tables);
  if (withQueryIndexes) projection.createIndexes?.(db, tables);
}

export function dropTables(db: ReadModelDb, tables: TableNames): void {
  for (const physical of Object.values(tables)) db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(physical)}`);
}

/** Points each logical name (a view) at the given generation's tables. */
export function pointViews(db: ReadModelDb, tables: TableNames): void {
  for (const [logical, physical] of Object.entries(tables)) {
    db.exec(`DROP VIEW IF EXISTS ${quoteIdentifier(logical)}`);
    db.exec(`CREATE VIEW ${quoteIdentifier(logical)} AS SELECT * FROM ${quoteIdentifier(physical)}`);
  }
}

export function insertMeta(db: ReadModelDb, record: GenerationRecord, now: string): void {
  db.prepare(
    `INSERT INTO projection_meta (name, version, generation, checkpoint, tables, error, updated_at)
     VALUES (?, ?, ?, ?, ?, NULL, ?)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, generation = excluded.generation,
       checkpoint = excluded.checkpoint, tables = excluded.tables, error = NULL, updated_at = excluded.updated_at`,
  ).run(record.name, record.version, record.generation, record.checkpoint, JSON.stringify(record.tables), now);
}

export function insertRebuild(db: ReadModelDb, record: GenerationRecord, now: string): void {
  db.prepare(
    `INSERT OR REPLACE INTO projection_rebuilds (name, version, generation, checkpoint, tables, started_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(record.name, record.version, record.generation, record.checkpoint, JSON.stringify(record.tables), now);
}

export function deleteRebuild(db: ReadModelDb, name: string): void {
  db.prepare('DELETE FROM projection_rebuilds WHERE name = ?').run(name);
}

export function recordFailure(db: ReadModelDb, name: string, error: string | null, now: string): void {
  db.prepare('UPDATE projection_meta SET error = ?, updated_at = ? WHERE name = ?').run(error, now, name);
}
