import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { handleCommand } from '../handle-command';
import type { EventStore } from '../port';
import { createSqliteEventStore } from '../sqlite/sqlite-event-store';
import { eventStoreSource, sqliteFileSource } from './log-source';
import { BackupTargetExistsError, backupSqliteFile } from './sqlite-backup';
import type { SqliteBackupProgress } from './sqlite-backup';
import { verifyEventLog } from './verify';

jest.setTimeout(60_000);

let dir: string;
let source: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-backup-'));
  source = path.join(dir, 'events.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** One command appending `count` events (with some padding, so the file spans many pages) to a new stream. */
function writeStream(store: EventStore, streamId: string, count = 1) {
  return handleCommand(store, {
    streamId,
    initialState: null,
    evolve: () => null,
    decide: () => Array.from({ length: count }, (_, i) => ({ type: 'Padded', data: { i, padding: 'x'.repeat(2000) } })),
    context: {
      commandId: randomUUID(),
      correlationId: 'backup-test',
      actor: { kind: 'program', tenantId: 'program', userId: 'tester', roles: [] },
      now: new Date().toISOString(),
    },
  });
}

async function idsIn(file: string): Promise<Set<string>> {
  const store = createSqliteEventStore({ path: file, durable: false });
  try {
    return new Set((await store.readAll()).map((event) => event.id));
  } finally {
    await store.close();
  }
}

describe('backupSqliteFile', () => {
  it('copies the store online while a writer keeps appending: the copy restores, verifies, and holds every event acknowledged before it began', async () => {
    const writer = createSqliteEventStore({ path: source, durable: true });
    for (let i = 0; i < 40; i += 1) await writeStream(writer, `seed-${i}`, 50); // ~2,000 events, several MB
    const acknowledged = await idsIn(source);
    expect(acknowledged.size).toBe(2000);

    // The writer goes on appending (its own connection, this process) for the whole backup.
    let backingUp = true;
    let appendedDuring = 0;
    const writing = (async () => {
      while (backingUp) {
        await writeStream(writer, `during-${appendedDuring}`);
        appendedDuring += 1;
      }
    })();
    const progress: SqliteBackupProgress[] = [];
    const target = path.join(dir, 'backup.db');
    const result = await backupSqliteFile(source, target, { onProgress: (p) => progress.push(p) }).finally(() => (backingUp = false));
    await writing;
    await writer.close();

    expect(appendedDuring).toBeGreaterThan(0);
    expect(result).toMatchObject({ file: target, quickCheck: 'ok' });
    expect(result.bytes).toBe(fs.statSync(target).size);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]!.remainingPages).toBe(0);
    // A single self-contained file: no -wal or -shm to carry along, no partial file left.
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('backup.db'))).toEqual(['backup.db']);

    // Restore: open the copy as a store; it verifies and holds every acknowledged event.
    const restored = createSqliteEventStore({ path: target });
    try {
      const verification = await verifyEventLog(eventStoreSource(restored));
      expect(verification).toMatchObject({ ok: true, problems: [] });
      expect(verification.eventsChecked).toBeGreaterThanOrEqual(2000);
      const copied = new Set((await restored.readAll()).map((event) => event.id));
      expect([...acknowledged].filter((id) => !copied.has(id))).toEqual([]);
      // And the restored store takes new commands, chained from where the copy ends.
      await writeStream(restored, 'after-restore');
      expect((await verifyEventLog(eventStoreSource(restored))).ok).toBe(true);
    } finally {
      await restored.close();
    }
  });

  it('starts over in one step when another connection writes between two steps, so it cannot restart for ever', async () => {
    const seeding = createSqliteEventStore({ path: source, durable: false });
    for (let i = 0; i < 20; i += 1) await writeStream(seeding, `seed-${i}`, 50);
    await seeding.close();
    // Without group commit an append commits synchronously: exactly between two backup steps.
    const writer = createSqliteEventStore({ path: source, durable: false, groupCommit: false });
    let calls = 0;
    const appended: Array<Promise<unknown>> = [];
    const result = await backupSqliteFile(source, path.join(dir, 'backup.db'), {
      onProgress: ({ remainingPages }) => {
        calls += 1;
        if (remainingPages > 0 && calls <= 3) appended.push(writeStream(writer, `between-steps-${calls}`));
      },
    });
    await Promise.all(appended);
    await writer.close();
    expect(result.restarts).toBeGreaterThanOrEqual(1);
    const copy = sqliteFileSource(result.file);
    try {
      expect(await verifyEventLog(copy)).toMatchObject({ ok: true });
    } finally {
      copy.close();
    }
  });

  it('refuses to overwrite an existing file unless forced, and never leaves a partial file', async () => {
    const store = createSqliteEventStore({ path: source, durable: false });
    await writeStream(store, 'one');
    await store.close();
    const target = path.join(dir, 'backup.db');
    fs.writeFileSync(target, 'precious');
    await expect(backupSqliteFile(source, target)).rejects.toBeInstanceOf(BackupTargetExistsError);
    expect(fs.readFileSync(target, 'utf8')).toBe('precious');
    const forced = await backupSqliteFile(source, target, { force: true });
    expect(forced.quickCheck).toBe('ok');
    expect(await idsIn(target)).toEqual(await idsIn(source));
    expect(fs.readdirSync(dir).filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('refuses a source that is missing or not an event store, and the store itself as target', async () => {
    // Not toThrow(): better-sqlite3's native errors may come from another Jest module realm than this file's Error.
    await expect(backupSqliteFile(path.join(dir, 'missing.db'), path.join(dir, 'b.db'))).rejects.toMatchObject({ message: 'unable to open database file' });
    expect(fs.existsSync(path.join(dir, 'missing.db'))).toBe(false);
    await createSqliteEventStore({ path: source }).close();
    await expect(backupSqliteFile(source, source, { force: true })).rejects.toThrow(/the store itself/);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('b.db'))).toEqual([]);
  });
});
