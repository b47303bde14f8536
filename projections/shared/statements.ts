import type { Statement } from 'better-sqlite3';
import type { ReadModelDb } from '../runner/projection';

const cache = new WeakMap<ReadModelDb, Map<string, Statement>>();

/**
 * Prepares a query once per database. Queries read the logical views; when a rebuild re-points a
 * view, SQLite re-prepares the statement by itself on its next run.
 */
export function statement(db: ReadModelDb, sql: string): Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let prepared = statements.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    statements.set(sql, prepared);
  }
  return prepared;
}
