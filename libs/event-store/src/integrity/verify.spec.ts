import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ConcurrencyError, DuplicateEventIdError } from '../port';
import type { EventStore, NewEvent } from '../port';
import { createSqliteEventStore } from '../sqlite/sqlite-event-store';
import { chainEvents } from './chain';
import { eventStoreSource, sqliteFileSource } from './log-source';
import { rechain, rowOf, tamper, writeChainedStore } from './testing/tampering';
import { verifyEventLog, verifyEventLogToSortedHeads } from './verify';
import type { HeadAnchor, IntegrityProblem, VerificationResult, VerifyOptions } from './verify';

/*
 * Given a store written through the command pipeline, when its SQLite file is changed behind the
 * store's back, then the verifier reports each change with its stream and revision.
 *
 * The layout {alpha: 4, beta: 3, gamma: 2} is written round-robin, so the positions are:
 *   1 alpha/0  2 beta/0  3 gamma/0  4 alpha/1  5 beta/1  6 gamma/1  7 alpha/2  8 beta/2  9 alpha/3
 */
const LAYOUT = { alpha: 4, beta: 3, gamma: 2 };

let dir: string;
let file: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-verify-'));
  file = path.join(dir, 'events.db');
  await writeChainedStore(file, LAYOUT);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Verifies the file read-only, as `ledger verify` does. */
async function verifyFile(options: VerifyOptions = {}): Promise<VerificationResult> {
  const source = sqliteFileSource(file);
  try {
    return await verifyEventLog(source, options);
  } finally {
    source.close();
  }
}

/** Verifies through the store's port, as the API does. */
async function verifyThroughStore(options: VerifyOptions = {}): Promise<VerificationResult> {
  const store = createSqliteEventStore({ path: file, durable: false });
  try {
    return await verifyEventLog(eventStoreSource(store), options);
  } finally {
    await store.close();
  }
}

const found = (result: VerificationResult) => result.problems.map(({ kind, streamId, revision }) => ({ kind, streamId, revision }));
const problem = (kind: IntegrityProblem['kind'], streamId: string | null, revision: number | null) => ({ kind, streamId, revision });
const metadataOf = (db: Database.Database, streamId: string, revision: number) => JSON.parse(rowOf(db, streamId, revision).metadata) as Record<string, unknown>;
const hashOf = (db: Database.Database, streamId: string, revision: number) => (metadataOf(db, streamId, revision)['integrity'] as { hash: string }).hash;

describe('verifyEventLog', () => {
  describe('an untouched store', () => {
    it('verifies OK, read from the file or through the store, with every stream head', async () => {
      for (const result of [await verifyFile(), await verifyThroughStore()]) {
        expect(result).toMatchObject({ ok: true, eventsChecked: 9, streamsChecked: 3, problems: [], problemCount: 0, headPosition: 9 });
        expect(Date.parse(result.checkedAt)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));
      }
      const result = await verifyFile();
      tamper(file, (db) => {
        expect(result.heads).toEqual({
          alpha: { revision: 3, hash: hashOf(db, 'alpha', 3) },
          beta: { revision: 2, hash: hashOf(db, 'beta', 2) },
          gamma: { revision: 1, hash: hashOf(db, 'gamma', 1) },
        });
      });
      expect(result.source).toBe(file);
    });

    it('verifies an empty store', async () => {
      const empty = path.join(dir, 'empty.db');
      await createSqliteEventStore({ path: empty }).close();
      const source = sqliteFileSource(empty);
      expect(await verifyEventLog(source)).toMatchObject({ ok: true, eventsChecked: 0, streamsChecked: 0, headPosition: 0, heads: {} });
      source.close();
    });

    it('reads in pages without changing the outcome (memory holds one page and one entry per stream)', async () => {
      const whole = await verifyFile();
      const pages: number[] = [];
      const paged = await verifyFile({ pageSize: 2, onProgress: ({ eventsChecked }) => pages.push(eventsChecked) });
      expect(pages).toEqual([2, 4, 6, 8, 9]);
      expect({ ...paged, startedAt: '', checkedAt: '' }).toEqual({ ...whole, startedAt: '', checkedAt: '' });
    });

    it('gives the same heads sorted by stream id (verifyEventLogToSortedHeads), and the same summary', async () => {
      // Streams first seen out of id order, and more of them than the packed state's first capacity.
      const store = createSqliteEventStore({ path: file, durable: false });
      for (let index = 1500; index > 0; index -= 1) {
        const streamId = `s-${String(index).padStart(4, '0')}`;
        await store.append(streamId, chainEvents(streamId, null, [{ id: randomUUID(), type: 'NoteTaken', data: { index }, metadata: {} }]), { expectedRevision: 'no-stream' });
      }
      await store.close();
      const whole = await verifyFile();
      const source = sqliteFileSource(file);
      const { summary, heads } = await verifyEventLogToSortedHeads(source);
      source.close();
      const yielded = [...heads];
      const { heads: record, ...rest } = whole;
      expect({ ...summary, startedAt: '', checkedAt: '' }).toEqual({ ...rest, startedAt: '', checkedAt: '' });
      const sorted = Object.keys(record).sort();
      expect(yielded).toHaveLength(sorted.length);
      expect(yielded).toEqual(sorted.map((streamId) => ({ streamId, ...record[streamId] })));
      expect(Object.keys(record).slice(0, 3)).toEqual(['alpha', 'beta', 'gamma']);
    });

    it('refuses a file that is not an event store', () => {
      const other = path.join(dir, 'other.db');
      new Database(other).exec('CREATE TABLE t (x)');
      expect(() => sqliteFileSource(other)).toThrow(/no events table/);
      expect(() => sqliteFileSource(path.join(dir, 'missing.db'))).toThrow();
      expect(fs.existsSync(path.join(dir, 'missing.db'))).toBe(false);
    });
  });

  describe('finds each kind of tampering, with the stream and revision', () => {
    it('modified data', async () => {
      tamper(file, (db) => db.prepare("UPDATE events SET data = json_set(data, '$.note', 'rewritten') WHERE stream_id = 'alpha' AND revision = 1").run());
      const result = await verifyFile();
      expect(result.ok).toBe(false);
      expect(found(result)).toEqual([problem('modified', 'alpha', 1)]);
      expect(result.problems[0]).toMatchObject({ position: 4, detail: expect.stringMatching(/does not match its hash/) });
      expect(found(await verifyThroughStore())).toEqual([problem('modified', 'alpha', 1)]);
    });

    it('modified metadata (who did it), type, or stream', async () => {
      tamper(file, (db) => {
        db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor.userId', 'someone-else') WHERE stream_id = 'beta' AND revision = 1").run();
        db.prepare("UPDATE events SET type = 'SomethingElseHappened' WHERE stream_id = 'gamma' AND revision = 0").run();
      });
      expect(found(await verifyFile())).toEqual([problem('modified', 'gamma', 0), problem('modified', 'beta', 1)]);
    });

    it("a forged event whose own hash was recomputed: the next event's link breaks", async () => {
      tamper(file, (db) => {
        db.prepare("UPDATE events SET data = json_set(data, '$.note', 'forged') WHERE stream_id = 'alpha' AND revision = 1").run();
        rechain(db, 'alpha', 1, 1);
      });
      const result = await verifyFile();
      expect(found(result)).toEqual([problem('broken-link', 'alpha', 2)]);
      expect(result.problems[0]!.detail).toMatch(/^prev is [0-9a-f]{64} but the previous revision's hash is [0-9a-f]{64}$/);
    });

    it('a deleted event in the middle of a stream: a missing revision and a gap in positions', async () => {
      tamper(file, (db) => db.prepare("DELETE FROM events WHERE stream_id = 'alpha' AND revision = 1").run());
      const result = await verifyFile();
      expect(found(result)).toEqual([problem('position-gap', null, null), problem('missing-revision', 'alpha', 1)]);
      expect(result.problems[0]).toMatchObject({ position: 4, detail: 'position 4 is missing: a row was deleted' });
      // Through the port, the SQLite store's positions are known to be contiguous too.
      expect(found(await verifyThroughStore())).toEqual([problem('position-gap', null, null), problem('missing-revision', 'alpha', 1)]);
    });

    it('a deleted first event of a stream', async () => {
      tamper(file, (db) => db.prepare("DELETE FROM events WHERE stream_id = 'beta' AND revision = 0").run());
      expect(found(await verifyFile())).toEqual([problem('position-gap', null, null), problem('missing-revision', 'beta', 0)]);
    });

    it('several deleted events in a row', async () => {
      tamper(file, (db) => db.prepare("DELETE FROM events WHERE stream_id = 'alpha' AND revision IN (1, 2)").run());
      const result = await verifyFile();
      expect(found(result)).toEqual([problem('position-gap', null, null), problem('position-gap', null, null), problem('missing-revision', 'alpha', 1)]);
      expect(result.problems[2]!.detail).toMatch(/revisions 1–2 are missing/);
    });

    it("a stream's last event deleted: the file shows the position gap; the chain alone cannot (anchors can)", async () => {
      const before = await verifyFile();
      tamper(file, (db) => db.prepare("DELETE FROM events WHERE stream_id = 'beta' AND revision = 2").run());
      expect(found(await verifyFile())).toEqual([problem('position-gap', null, null)]);
      const anchors: HeadAnchor[] = Object.entries(before.heads).map(([streamId, head]) => ({ streamId, ...head }));
      expect(found(await verifyFile({ anchors }))).toEqual([problem('position-gap', null, null), problem('anchor-missing', 'beta', 2)]);
    });

    it("the log's last event deleted: the file's position counter shows it; through the port only anchors do", async () => {
      const before = await verifyFile();
      tamper(file, (db) => db.prepare("DELETE FROM events WHERE stream_id = 'alpha' AND revision = 3").run());
      const result = await verifyFile();
      expect(found(result)).toEqual([problem('truncated-log', null, null)]);
      expect(result.problems[0]).toMatchObject({ position: 9, detail: expect.stringMatching(/positions up to 9 but its last row is at 8/) });
      // The limit of the chain alone:
      expect((await verifyThroughStore()).ok).toBe(true);
      const anchors = Object.entries(before.heads).map(([streamId, head]) => ({ streamId, ...head }));
      expect(found(await verifyThroughStore({ anchors }))).toEqual([problem('anchor-missing', 'alpha', 3)]);
    });

    it('two events of a stream with their revisions swapped', async () => {
      tamper(file, (db) => {
        db.exec("UPDATE events SET revision = -1 WHERE stream_id = 'alpha' AND revision = 1");
        db.exec("UPDATE events SET revision = 1 WHERE stream_id = 'alpha' AND revision = 2");
        db.exec("UPDATE events SET revision = 2 WHERE stream_id = 'alpha' AND revision = -1");
      });
      const result = await verifyFile();
      // Position 4 now says revision 2, position 7 revision 1: both contents no longer match their
      // hashes (the revision is hashed), revision 1 comes after 2, and revision 3 links to the wrong one.
      expect(found(result)).toEqual([
        problem('modified', 'alpha', 2),
        problem('modified', 'alpha', 1),
        problem('reordered', 'alpha', 1),
        problem('broken-link', 'alpha', 3),
      ]);
    });

    it('two events of a stream moved to each other\'s position in the log', async () => {
      tamper(file, (db) => {
        db.exec('UPDATE events SET position = -4 WHERE position = 4');
        db.exec('UPDATE events SET position = 4 WHERE position = 7');
        db.exec('UPDATE events SET position = 7 WHERE position = -4');
      });
      const result = await verifyFile();
      expect(found(result)).toEqual([problem('reordered', 'alpha', 1)]);
      expect(result.problems[0]).toMatchObject({ position: 7, detail: 'revision 1 is stored after revision 2 of its stream (position order and revision order disagree)' });
    });

    it('the data of two events swapped', async () => {
      tamper(file, (db) => {
        const one = rowOf(db, 'alpha', 1);
        const two = rowOf(db, 'alpha', 2);
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(two.data, one.position);
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(one.data, two.position);
      });
      expect(found(await verifyFile())).toEqual([problem('modified', 'alpha', 1), problem('modified', 'alpha', 2)]);
    });

    it('an event stripped of its integrity metadata', async () => {
      tamper(file, (db) => db.prepare("UPDATE events SET metadata = json_remove(metadata, '$.integrity') WHERE stream_id = 'beta' AND revision = 1").run());
      const result = await verifyFile();
      expect(found(result)).toEqual([problem('unchained', 'beta', 1), problem('broken-link', 'beta', 2)]);
      expect(result.problems[0]!.detail).toBe('the event carries no metadata.integrity');
    });

    it('malformed integrity metadata', async () => {
      tamper(file, (db) => db.prepare("UPDATE events SET metadata = json_set(metadata, '$.integrity.alg', 'md5') WHERE stream_id = 'gamma' AND revision = 1").run());
      const result = await verifyFile();
      expect(found(result)).toEqual([problem('unchained', 'gamma', 1)]);
      expect(result.problems[0]!.detail).toMatch(/unknown algorithm "md5"/);
    });

    it('a row whose JSON is broken, and the walk goes on', async () => {
      tamper(file, (db) => {
        db.prepare("UPDATE events SET data = '{not json' WHERE stream_id = 'gamma' AND revision = 0").run();
        db.prepare("UPDATE events SET data = json_set(data, '$.n', 99) WHERE stream_id = 'alpha' AND revision = 3").run();
      });
      const result = await verifyFile();
      expect(found(result)).toEqual([problem('unreadable', 'gamma', 0), problem('modified', 'alpha', 3)]);
      expect(result.problems[0]!.detail).toMatch(/data is not JSON text/);
      expect(result.eventsChecked).toBe(9);
    });

    it('the same revision stored twice (possible in a copy without the unique index)', async () => {
      const copy = path.join(dir, 'copy.db');
      tamper(file, (db) => {
        db.exec(`ATTACH '${copy}' AS copy`);
        db.exec('CREATE TABLE copy.events AS SELECT * FROM main.events');
        db.exec(
          "INSERT INTO copy.events SELECT 10, stream_id, revision, 'f0f0f0f0-0000-4000-8000-000000000000', type, data, metadata, recorded_at FROM main.events WHERE stream_id = 'gamma' AND revision = 1",
        );
      });
      const source = sqliteFileSource(copy);
      const result = await verifyEventLog(source);
      source.close();
      expect(found(result)).toEqual([problem('duplicate-revision', 'gamma', 1)]);
    });

    it('every problem at once, each reported (not only the first)', async () => {
      tamper(file, (db) => {
        db.prepare("UPDATE events SET data = json_set(data, '$.n', 7) WHERE stream_id = 'alpha' AND revision = 0").run();
        db.prepare("DELETE FROM events WHERE stream_id = 'beta' AND revision = 1").run();
        db.prepare("UPDATE events SET metadata = json_remove(metadata, '$.integrity') WHERE stream_id = 'gamma' AND revision = 0").run();
      });
      const result = await verifyFile();
      expect(found(result)).toEqual([
        problem('modified', 'alpha', 0),
        problem('unchained', 'gamma', 0),
        problem('position-gap', null, null),
        // gamma/1 still links: a revision 0 without integrity hashes as it did with it (prev null).
        problem('missing-revision', 'beta', 1),
      ]);
      expect(result.problemCount).toBe(4);
    });
  });

  describe('anchors: stream heads published earlier', () => {
    it('hold while the log grows', async () => {
      const before = await verifyFile();
      await writeChainedStore(file, { alpha: 2, delta: 1 });
      const anchors = Object.entries(before.heads).map(([streamId, head]) => ({ streamId, ...head }));
      const after = await verifyFile({ anchors });
      expect(after).toMatchObject({ ok: true, eventsChecked: 12, streamsChecked: 4 });
      expect(after.heads['alpha']!.revision).toBe(5);
    });

    it('catch a chain recomputed from a forged event to the end of its stream, which the chain alone cannot', async () => {
      const before = await verifyFile();
      tamper(file, (db) => {
        db.prepare("UPDATE events SET data = json_set(data, '$.note', 'history rewritten') WHERE stream_id = 'alpha' AND revision = 1").run();
        rechain(db, 'alpha', 1);
      });
      expect((await verifyFile()).ok).toBe(true);
      const anchors = Object.entries(before.heads).map(([streamId, head]) => ({ streamId, ...head }));
      const result = await verifyFile({ anchors });
      expect(found(result)).toEqual([problem('anchor-mismatch', 'alpha', 3)]);
    });
  });

  describe('reporting', () => {
    it('keeps at most maxProblems problems but counts and streams all of them', async () => {
      tamper(file, (db) => db.exec("UPDATE events SET metadata = json_remove(metadata, '$.integrity')"));
      const streamed: IntegrityProblem[] = [];
      const result = await verifyFile({ maxProblems: 2, onProblem: (p) => streamed.push(p) });
      expect(result.problems).toHaveLength(2);
      expect(result.problemCount).toBe(9); // every event unchained (with no link left to break)
      expect(streamed).toHaveLength(result.problemCount);
      expect(result.ok).toBe(false);
    });

    it('stops between pages when aborted', async () => {
      const controller = new AbortController();
      const run = verifyFile({
        pageSize: 1,
        signal: controller.signal,
        onProgress: ({ eventsChecked }) => {
          if (eventsChecked === 3) controller.abort(new Error('shutting down'));
        },
      });
      await expect(run).rejects.toThrow('shutting down');
    });
  });
});

describe('positions of the SQLite store have no gaps unless rows are deleted', () => {
  let store: EventStore;
  let storeFile: string;
  beforeEach(() => {
    storeFile = path.join(dir, 'positions.db');
    store = createSqliteEventStore({ path: storeFile, durable: false });
  });
  afterEach(() => store.close());

  const events = (n: number): NewEvent[] =>
    Array.from({ length: n }, () => ({ id: randomUUID(), type: 'Counted', data: {}, metadata: {} }));
  const positions = () => {
    const db = new Database(storeFile, { readonly: true });
    const all = db.prepare('SELECT position FROM events ORDER BY position').pluck().all() as number[];
    db.close();
    return all;
  };

  it('appends refused inside a group commit (rolled back to their savepoint) leave no hole', async () => {
    const taken = events(1);
    await store.append('s-1', taken, { expectedRevision: 'no-stream' });
    // One event-loop turn: these four share one transaction; two of them fail inside it.
    const outcomes = await Promise.allSettled([
      store.append('s-1', events(2), { expectedRevision: 0 }),
      store.append('s-1', events(3), { expectedRevision: 0 }), // lost the race: ConcurrencyError
      store.append('s-2', [...events(1), taken[0]!], { expectedRevision: 'no-stream' }), // an id stored elsewhere
      store.append('s-3', events(2), { expectedRevision: 'no-stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
    // A whole group that fails is rolled back too.
    await expect(store.append('s-1', events(1), { expectedRevision: 7 })).rejects.toBeInstanceOf(ConcurrencyError);
    await store.append('s-1', events(1), { expectedRevision: 2 });
    expect(positions()).toEqual([1, 2, 3, 4, 5, 6]);
    const source = sqliteFileSource(storeFile);
    const result = await verifyEventLog(source);
    source.close();
    expect(result.problems.filter((p) => p.kind === 'position-gap' || p.kind === 'truncated-log')).toEqual([]);
  });

  it('SQLite rolls the AUTOINCREMENT counter back with a savepoint or a transaction (what the above relies on)', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (position INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT)');
    db.exec("INSERT INTO t (x) VALUES ('a')");
    db.exec('BEGIN');
    db.exec('SAVEPOINT one');
    db.exec("INSERT INTO t (x) VALUES ('rolled back to savepoint')");
    db.exec('ROLLBACK TO one');
    db.exec('RELEASE one');
    db.exec("INSERT INTO t (x) VALUES ('b')");
    db.exec('COMMIT');
    db.exec('BEGIN');
    db.exec("INSERT INTO t (x) VALUES ('rolled back')");
    db.exec('ROLLBACK');
    db.exec("INSERT INTO t (x) VALUES ('c')");
    expect(db.prepare('SELECT position, x FROM t ORDER BY position').all()).toEqual([
      { position: 1, x: 'a' },
      { position: 2, x: 'b' },
      { position: 3, x: 'c' },
    ]);
    db.close();
  });

  it('a verification while appends go on covers the log up to its head at the start, and passes', async () => {
    const append = (streamId: string) => store.append(streamId, chainEvents(streamId, null, events(1)), { expectedRevision: 'no-stream' });
    for (let i = 0; i < 50; i += 1) await append(`s-${i}`);
    const run = verifyEventLog(eventStoreSource(store), { pageSize: 5 });
    // While the verifier pages (it yields between pages), more streams are written.
    for (let i = 50; i < 80; i += 1) await append(`s-${i}`);
    const result = await run;
    expect(result).toMatchObject({ ok: true, headPosition: 50, eventsChecked: 50, streamsChecked: 50 });
  });
});
