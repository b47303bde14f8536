import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSqliteEventStore } from '../../../libs/event-store/src';
import { type AppProcess, makeTempDir, PROBE_MODULE, startApp } from '../../ledger-api/test/support/app-process';
import { client } from '../../ledger-api/test/support/http';
import { TEST_JWT_SECRET, type TestActor, tokenFor } from '../../ledger-api/test/support/tokens';
import { runLedger as ledger } from './support/run-ledger';

jest.setTimeout(120_000);

/*
 * `ledger backup` as a child process against the file of a RUNNING API that keeps taking writes,
 * then the restore procedure of RELIABILITY.md on the copy.
 */

const ENV = { LEDGER_JWT_SECRET: TEST_JWT_SECRET };
const WRITER: TestActor = { kind: 'program', tid: 'program', sub: 'reviewer-1', roles: ['reviewer'] };
const AUDITOR: TestActor = { kind: 'auditor', tid: 'audit', sub: 'auditor-1', roles: ['auditor'] };

async function addNote(app: AppProcess, text: string): Promise<string> {
  const response = await client(app.url).post('/v1/probe/notes', { token: tokenFor(WRITER), body: { text } });
  expect(response.status).toBe(201);
  return response.body.noteId as string;
}

async function streamsIn(file: string): Promise<{ streams: Set<string>; events: number }> {
  const store = createSqliteEventStore({ path: file, durable: false });
  try {
    const events = await store.readAll();
    return { streams: new Set(events.map((event) => event.streamId)), events: events.length };
  } finally {
    await store.close();
  }
}

describe('ledger backup', () => {
  it('copies the store of a running API under write load; the copy verifies, holds every acknowledged write, and restores', async () => {
    const dataDir = makeTempDir('ledger-backup-cli-');
    const backupDir = makeTempDir('ledger-backup-cli-');
    const target = path.join(backupDir, 'events-backup.db');
    let app = await startApp({ dataDir, env: ENV, modules: [PROBE_MODULE] });
    try {
      // Some history, with padding so the file spans many pages.
      const acknowledged: string[] = [];
      for (let batch = 0; batch < 20; batch += 1) {
        acknowledged.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => addNote(app, `${'x'.repeat(200)} ${batch}/${i}`)))));
      }

      // Four clients keep writing for the whole backup.
      let writing = true;
      const writtenDuring: string[] = [];
      const writers = Array.from({ length: 4 }, async (_, w) => {
        while (writing) writtenDuring.push(await addNote(app, `during backup, writer ${w}`));
      });
      const run = await ledger(['backup', target, '--data-dir', dataDir]).finally(() => (writing = false));
      await Promise.all(writers);

      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Backed up .*events\\.db to ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ events, \\d+ bytes, \\d+ pages.*; SQLite quick_check: ok\\.\\n`));
      expect(run.stdout).toMatch(/Verification of the copy: Intact: \d+ events in \d+ streams/);
      expect(writtenDuring.length).toBeGreaterThan(0);

      // Every write acknowledged before the backup began is in the copy.
      const copy = await streamsIn(target);
      expect(acknowledged.filter((noteId) => !copy.streams.has(`probe-${noteId}`))).toEqual([]);
      const reportedEvents = Number(/: (\d+) events,/.exec(run.stdout)![1]);
      expect(reportedEvents).toBe(copy.events);

      // A second backup to the same file is refused without --force, and replaces it with --force.
      const again = await ledger(['backup', target, '--data-dir', dataDir]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('already exists; pass --force');
      expect((await streamsIn(target)).events).toBe(copy.events);
      const forced = await ledger(['backup', target, '--data-dir', dataDir, '--force', '--json']);
      expect(forced.code).toBe(0);
      const report = JSON.parse(forced.stdout);
      expect(report).toMatchObject({ backup: { file: target, quickCheck: 'ok' }, verification: { ok: true } });
      // Now that the writers have stopped, the copy holds every note ever acknowledged.
      expect(report.verification.eventsChecked).toBe(acknowledged.length + writtenDuring.length);
    } finally {
      await app.stop();
    }

    // Restore (RELIABILITY.md): with the API stopped, put the copy in place of events.db, drop the
    // old file's -wal/-shm and the derived databases (read models, idempotency records), start.
    const restoredEvents = (await streamsIn(target)).events;
    for (const name of ['events.db', 'events.db-wal', 'events.db-shm', 'read-models.db', 'read-models.db-wal', 'read-models.db-shm', 'api.db', 'api.db-wal', 'api.db-shm']) {
      fs.rmSync(path.join(dataDir, name), { force: true });
    }
    fs.copyFileSync(target, path.join(dataDir, 'events.db'));
    app = await startApp({ dataDir, env: ENV, modules: [PROBE_MODULE] });
    try {
      await addNote(app, 'after the restore');
      const verification = await client(app.url).get('/v1/audit/verification?refresh=true', { token: tokenFor(AUDITOR) });
      expect(verification.status).toBe(200);
      expect(verification.body).toMatchObject({ ok: true, problemCount: 0, eventsChecked: restoredEvents + 1 });
    } finally {
      await app.stop();
    }
    expect((await ledger(['verify', '--data-dir', dataDir])).code).toBe(0);
  });

  it('exits 2 when there is no store to back up', async () => {
    const empty = makeTempDir('ledger-backup-cli-');
    const run = await ledger(['backup', path.join(empty, 'copy.db'), '--data-dir', empty]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no event store at');
    expect(fs.readdirSync(empty)).toEqual([]);
    expect((await ledger(['backup'])).code).toBe(2);
  });
});
