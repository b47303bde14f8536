import type { ReadModelDb } from '../runner/projection';

/**
 * The plan SQLite chooses for the statement `run` prepares on `db` reading `table` (tests only): the
 * statement is captured by running the query once, then `EXPLAIN QUERY PLAN` with `params` (by
 * default one dummy value per `?`). Each step's `detail`, as SQLite writes it (with the runner's
 * generation suffixes in table and index names: `dap_grants__g3`).
 */
export function queryPlanSteps(db: ReadModelDb, table: string, run: () => unknown, params?: (sql: string) => unknown[]): string[] {
  const prepare = db.prepare.bind(db);
  let sql: string | undefined;
  const spy = jest.spyOn(db, 'prepare').mockImplementation((source: string) => {
    if (source.includes(`FROM ${table}`)) sql = source;
    return prepare(source);
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  if (sql === undefined) throw new Error(`The query prepared no statement reading ${table} (already cached?)`);
  const values = params ? params(sql) : (sql.match(/\?/g) ?? []).map(() => 'x');
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...values) as { detail: string }[];
  return plan.map((step) => step.detail);
}
