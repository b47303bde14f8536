import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { type DapGrantView, listDapGrants, openReadModelDatabase } from '@ledger/projections';
import { makeTempDir } from '../../ledger-api/test/support/app-process';
import { planRoster } from '../src/demo/demo-plan';
import { tallyPlan } from '../src/demo/demo-generator';
import { runLedger as ledger } from './support/run-ledger';

jest.setTimeout(120_000);

/*
 * `ledger demo` and `ledger rebuild` run as child processes, as `npm run ledger` runs them (Jest
 * cannot load some of the CLI's ES-module dependencies in its own module system).
 */

function allGrants(db: Database.Database): DapGrantView[] {
  const grants: DapGrantView[] = [];
  let cursor: string | undefined;
  do {
    const page = listDapGrants(db, { limit: 1000, ...(cursor ? { cursor } : {}) });
    grants.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return grants;
}

const DEMO = { partners: 12, customers: 150, seed: 3 };

describe('ledger demo and ledger rebuild', () => {
  let dataDir: string;
  let demo: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    dataDir = path.join(makeTempDir('ledger-cli-demo-'), 'data');
    demo = await ledger(['demo', '--partners', '12', '--customers', '150', '--seed', '3', '--fast', '--data-dir', dataDir]);
  });

  it('fills an empty store and prints what it wrote', () => {
    expect(demo.stderr).toContain(`Filling ${path.join(dataDir, 'events.db')} (fast: not durable; seed 3)`);
    expect(demo.code).toBe(0);
    const planned = tallyPlan(planRoster({ ...DEMO, longHistoryCustomers: 1 })).summary;
    expect(demo.stdout).toMatch(/^Demo ledger \(seed 3\): [\d,]+ events from [\d,]+ commands/);
    expect(demo.stdout).toContain(`customers      151: with a partner ${planned.customers.withPartner}, multi-partner ${planned.customers.multiPartner}`);
    expect(demo.stdout).toContain(`DAP grants     active ${planned.dapGrants.active}, retained ${planned.dapGrants.retained}, revoked ${planned.dapGrants.revoked}`);
    expect(demo.stdout).not.toContain('REFUSED');
  });

  it('refuses to fill a store that already holds events', async () => {
    const again = await ledger(['demo', '--partners', '3', '--customers', '1', '--no-progress', '--data-dir', dataDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds events \(head position \d+\): the demo fills an empty store/);
  });

  it('rebuilds every projection from the log, and the read models show the demo ledger', async () => {
    const result = await ledger(['rebuild', '--data-dir', dataDir]);
    expect(result.stderr).toContain('Rebuilding partners, partnerships, customer-lists, dap-grants, subscriptions, audit-log');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Rebuilt partners, partnerships, customer-lists, dap-grants, subscriptions, audit-log from [\d,]+ events in [\d.]+ s \([\d,]+ events\/s\)\.\n$/);

    const planned = tallyPlan(planRoster({ ...DEMO, longHistoryCustomers: 1 })).summary;
    const events = new Database(path.join(dataDir, 'events.db'), { readonly: true });
    const head = events.prepare('SELECT MAX(position) FROM events').pluck().get() as number;
    events.close();
    const db = openReadModelDatabase(path.join(dataDir, 'read-models.db'));
    try {
      expect(db.prepare('SELECT COUNT(*) FROM audit_events').pluck().get()).toBe(head);
      expect(db.prepare('SELECT COUNT(*) FROM customers').pluck().get()).toBe(planned.customers.total);
      expect(db.prepare('SELECT COUNT(*) FROM partners').pluck().get()).toBe(DEMO.partners);
      expect(db.prepare('SELECT checkpoint FROM projection_meta').pluck().all()).toEqual(new Array(6).fill(head));
      const grants = allGrants(db);
      expect(grants.filter((grant) => grant.status === 'retained')).toHaveLength(planned.dapGrants.retained);
      expect(grants.filter((grant) => grant.status === 'active')).toHaveLength(planned.dapGrants.active);
      expect(grants.filter((grant) => grant.status === 'revoked')).toHaveLength(planned.dapGrants.revoked);
    } finally {
      db.close();
    }
  });

  it('rebuilds only the named projections into a new generation', async () => {
    const generations = (): Record<string, number> => {
      const db = new Database(path.join(dataDir, 'read-models.db'), { readonly: true });
      try {
        return Object.fromEntries((db.prepare('SELECT name, generation FROM projection_meta').all() as { name: string; generation: number }[]).map((row) => [row.name, row.generation]));
      } finally {
        db.close();
      }
    };
    const before = generations();
    const result = await ledger(['rebuild', 'dap-grants', '--no-progress', '--data-dir', dataDir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Rebuilt dap-grants from [\d,]+ events/);
    const after = generations();
    expect(after['dap-grants']).toBeGreaterThan(before['dap-grants']!);
    expect({ ...after, 'dap-grants': 0 }).toEqual({ ...before, 'dap-grants': 0 });
  });

  it('refuses an unknown projection name, listing the valid ones', async () => {
    const result = await ledger(['rebuild', 'dap-grant', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: "dap-grant" is not a projection; the projections are: partners, partnerships, customer-lists, dap-grants, subscriptions, audit-log.');
  });

  it('refuses while another process (the API) has the read models open', async () => {
    const other = new Database(path.join(dataDir, 'read-models.db'));
    other.prepare('SELECT COUNT(*) FROM projection_meta').get();
    try {
      const result = await ledger(['rebuild', '--data-dir', dataDir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('is open in another process (is the API running?)');
    } finally {
      other.close();
    }
  });

  it('refuses a data dir without a store', async () => {
    const empty = makeTempDir('ledger-cli-empty-');
    const result = await ledger(['rebuild', '--data-dir', empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`There is no event store at ${path.join(empty, 'events.db')}`);
    expect(fs.existsSync(path.join(empty, 'read-models.db'))).toBe(false);
  });
});
