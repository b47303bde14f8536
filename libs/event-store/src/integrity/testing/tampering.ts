import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { handleCommand } from '../../handle-command';
import { createSqliteEventStore } from '../../sqlite/sqlite-event-store';
import { hashEvent } from '../event-hash';

/*
 * Test helpers for tamper evidence: write a chained store through the real command pipeline, then
 * change its SQLite file behind the store's back, as someone with access to the file could.
 */

/** How many events each stream gets; streams are written round-robin, so their events interleave in the log. */
export type StreamLayout = Readonly<Record<string, number>>;

/**
 * Creates (or extends) a store file with chained events written by `handleCommand`, one event per
 * command, taking the streams in turn: {a: 2, b: 1} gives positions a/0, b/0, a/1.
 */
export async function writeChainedStore(file: string, layout: StreamLayout): Promise<void> {
  const store = createSqliteEventStore({ path: file, durable: false });
  try {
    const remaining = new Map(Object.entries(layout));
    while ([...remaining.values()].some((count) => count > 0)) {
      for (const [streamId, count] of remaining) {
        if (count === 0) continue;
        remaining.set(streamId, count - 1);
        await handleCommand(store, {
          streamId,
          initialState: 0,
          evolve: (n: number) => n + 1,
          decide: (n) => [{ type: 'SomethingHappened', data: { streamId, n, note: `event ${n} of ${streamId}` } }],
          context: {
            commandId: randomUUID(),
            correlationId: 'tamper-test',
            actor: { kind: 'program', tenantId: 'program', userId: 'tester', roles: ['reviewer'] },
            now: '2025-06-01T00:00:00.000Z',
          },
        });
      }
    }
  } finally {
    await store.close();
  }
}

/** Opens the file directly (no store, no rules) and lets `change` do what it likes with it. */
export function tamper(file: string, change: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    change(db);
  } finally {
    db.close();
  }
}

export interface StoredRow {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

export function rowOf(db: Database.Database, streamId: string, revision: number): StoredRow {
  const row = db.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events WHERE stream_id = ? AND revision = ?').get(streamId, revision);
  if (!row) throw new Error(`No event ${streamId}/${revision}.`);
  return row as StoredRow;
}

/**
 * What an attacker who knows the hash format does: recomputes the hashes of a stream from
 * `fromRevision` to `toRevision` (default: its end) after changing something, so those links
 * check out again.
 */
export function rechain(db: Database.Database, streamId: string, fromRevision: number, toRevision = Number.MAX_SAFE_INTEGER): void {
  const rows = db
    .prepare('SELECT position, revision, type, data, metadata FROM events WHERE stream_id = ? AND revision BETWEEN ? AND ? ORDER BY revision')
    .all(streamId, fromRevision, toRevision) as StoredRow[];
  let prev: string | null =
    fromRevision === 0 ? null : (JSON.parse(rowOf(db, streamId, fromRevision - 1).metadata) as { integrity: { hash: string } }).integrity.hash;
  const update = db.prepare('UPDATE events SET metadata = ? WHERE position = ?');
  for (const row of rows) {
    const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
    const hash = hashEvent({ streamId, revision: row.revision, type: row.type, data: JSON.parse(row.data) as unknown, metadata, prev });
    update.run(JSON.stringify({ ...metadata, integrity: { alg: 'sha256', prev, hash } }), row.position);
    prev = hash;
  }
}
