import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeChainedStore } from '../../../libs/event-store/src/integrity/testing/tampering';
import { makeTempDir } from '../../ledger-api/test/support/app-process';
import { runLedger as ledger } from './support/run-ledger';

jest.setTimeout(60_000);

/*
 * The CLI with LEDGER_EVENT_STORE=esdb: `rebuild` and `verify` read the configured store (the
 * API's own configuration), `demo` and `backup` refuse (they work on an embedded store's file).
 * Without a server here, EventStoreDB is an address nothing listens on: what is checked is that
 * the commands go there, and say so, instead of reading the data dir's events.db.
 */

const UNREACHABLE = 'esdb://127.0.0.1:1?tls=false';

const ESDB = { LEDGER_EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: UNREACHABLE };

let dataDir: string;
beforeEach(async () => {
  dataDir = makeTempDir('ledger-cli-esdb-');
  // An intact embedded store in the data dir: in esdb mode the commands must not read it instead.
  await writeChainedStore(path.join(dataDir, 'events.db'), { alpha: 2 });
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('ledger verify with LEDGER_EVENT_STORE=esdb', () => {
  it('reads EventStoreDB, not the data dir: an unreachable server is a usage error (exit 2) naming it', async () => {
    const run = await ledger(['verify'], { ...ESDB, LEDGER_DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: cannot read EventStoreDB esdb:\/\/127\.0\.0\.1:1: EventStoreDB is unreachable \(head position\)/);
  });

  it('leaves credentials out of what it prints', async () => {
    const run = await ledger(['verify'], { ...ESDB, ESDB_CONNECTION_STRING: 'esdb://admin:changeit@127.0.0.1:1?tls=false' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('EventStoreDB esdb://…@127.0.0.1:1');
    expect(run.stderr).not.toContain('changeit');
  });

  it('still verifies a store file given with --file (e.g. a backup)', async () => {
    const run = await ledger(['verify', '--file', path.join(dataDir, 'events.db')], ESDB);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Intact: 2 events in 1 streams/);
  });

  it('refuses --data-dir, which names an embedded store', async () => {
    const run = await ledger(['verify', '--data-dir', dataDir], ESDB);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --data-dir names the embedded store, and LEDGER_EVENT_STORE=esdb is set');
  });

  it('says what is missing when the connection string is', async () => {
    const run = await ledger(['verify'], { LEDGER_EVENT_STORE: 'esdb', LEDGER_DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: LEDGER_EVENT_STORE=esdb needs ESDB_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false).\n');
  });

  it('refuses a connection string EventStoreDB\'s client cannot read (exit 2)', async () => {
    const run = await ledger(['verify'], { ...ESDB, ESDB_CONNECTION_STRING: 'esdb://127.0.0.1:notaport', LEDGER_DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: Invalid EventStoreDB connection string: .*expected port number/);
  });
});

describe('ledger rebuild with LEDGER_EVENT_STORE=esdb', () => {
  it('reads the log from EventStoreDB: unreachable, it stops with the reason (exit 1) and writes no read models', async () => {
    const run = await ledger(['rebuild', '--data-dir', dataDir, '--no-progress'], ESDB);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Cannot read the log from EventStoreDB esdb:\/\/127\.0\.0\.1:1: EventStoreDB is unreachable \(head position\)/);
    expect(fs.existsSync(path.join(dataDir, 'read-models.db'))).toBe(false);
  });

  it('refuses an unknown store kind as the API does', async () => {
    const run = await ledger(['rebuild', '--data-dir', dataDir, '--no-progress'], { LEDGER_EVENT_STORE: 'postgres' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: LEDGER_EVENT_STORE must be one of sqlite, esdb, got "postgres".\n');
  });
});

describe('ledger backup with LEDGER_EVENT_STORE=esdb', () => {
  it('refuses (exit 2) instead of copying the data dir\'s events.db, and says where EventStoreDB\'s backups are', async () => {
    const target = path.join(dataDir, 'copy.db');
    const run = await ledger(['backup', target], { ...ESDB, LEDGER_DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error: `ledger backup` works on the embedded store only');
    expect(run.stderr).toContain('docs/eventstoredb.md#backups');
    expect(fs.existsSync(target)).toBe(false);
  });
});

describe('ledger demo with LEDGER_EVENT_STORE=esdb', () => {
  it('refuses (it fills an embedded store) and says how to get demo data into EventStoreDB', async () => {
    const target = path.join(dataDir, 'demo');
    const run = await ledger(['demo', '--partners', '3', '--customers', '0', '--data-dir', target, '--no-progress'], ESDB);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: `ledger demo` works on the embedded store only');
    expect(run.stderr).toContain('ledger copy --from sqlite:<dir>/events.db --to esdb');
    expect(fs.existsSync(target)).toBe(false);
  });
});
