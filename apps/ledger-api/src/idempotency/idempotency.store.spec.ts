import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { bodyFingerprint, canonicalJson, isAcceptableIdempotencyKey } from './idempotency-key';
import { type IdempotencyScope, IdempotencyStore } from './idempotency.store';

const DAY = 24 * 60 * 60 * 1000;
const scope: IdempotencyScope = { actorKind: 'partner', tenantId: 'p-1', userId: 'u-1', method: 'POST', path: '/v1/partners', key: 'k-1' };
const created = { status: 201, body: { position: '7', partnerId: 'p-1' }, isProblem: false };

describe('IdempotencyStore', () => {
  let dir: string;
  let store: IdempotencyStore;
  let writeErrors: unknown[];
  const t0 = Date.parse('2026-03-01T00:00:00Z');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idempotency-'));
    writeErrors = [];
    store = new IdempotencyStore(path.join(dir, 'api.db'), DAY, (error) => writeErrors.push(error));
  });
  afterEach(() => {
    store.close();
    expect(writeErrors).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lets the first request run and replays its answer to a retry with the same body', () => {
    expect(store.begin(scope, 'hash-a', t0)).toEqual({ kind: 'proceed' });
    store.complete(scope, created);
    expect(store.begin(scope, 'hash-a', t0 + 1000)).toEqual({ kind: 'replay', answer: created });
  });

  it('refuses the key with another body, even while the first request runs', () => {
    store.begin(scope, 'hash-a', t0);
    expect(store.begin(scope, 'hash-b', t0)).toEqual({ kind: 'reused' });
    store.complete(scope, created);
    expect(store.begin(scope, 'hash-b', t0)).toEqual({ kind: 'reused' });
  });

  it('reports a duplicate of a running request as in flight', () => {
    store.begin(scope, 'hash-a', t0);
    expect(store.begin(scope, 'hash-a', t0)).toEqual({ kind: 'in-flight' });
  });

  it('forgets a released key, so a retry runs', () => {
    store.begin(scope, 'hash-a', t0);
    store.release(scope);
    expect(store.begin(scope, 'hash-b', t0)).toEqual({ kind: 'proceed' });
  });

  it('keeps refusals as problems to replay', () => {
    const refusal = { status: 409, body: { code: 'partner-not-approved' }, isProblem: true };
    store.begin(scope, 'hash-a', t0);
    store.complete(scope, refusal);
    expect(store.begin(scope, 'hash-a', t0)).toEqual({ kind: 'replay', answer: refusal });
  });

  it('scopes keys by actor, method and path', () => {
    store.begin(scope, 'hash-a', t0);
    store.complete(scope, created);
    for (const other of [{ userId: 'u-2' }, { tenantId: 'p-2' }, { actorKind: 'customer' }, { method: 'PUT' }, { path: '/v1/customers' }]) {
      expect(store.begin({ ...scope, ...other }, 'hash-a', t0)).toEqual({ kind: 'proceed' });
    }
  });

  it('remembers a key for 24 hours, then treats it as new, and purges it', async () => {
    store.begin(scope, 'hash-a', t0);
    await store.complete(scope, created);
    expect(store.begin(scope, 'hash-b', t0 + DAY - 1).kind).toBe('reused');
    expect(store.purgeExpired(t0 + DAY - 1)).toBe(0);
    expect(store.purgeExpired(t0 + DAY)).toBe(1);
    expect(store.begin(scope, 'hash-b', t0 + DAY)).toEqual({ kind: 'proceed' });
  });

  it('reuses an expired key that was not purged yet', () => {
    store.begin(scope, 'hash-a', t0);
    store.complete(scope, created);
    expect(store.begin(scope, 'hash-b', t0 + DAY + 1)).toEqual({ kind: 'proceed' });
  });

  it('survives a reopen, and drops reservations a dead process left in flight', () => {
    store.begin(scope, 'hash-a', t0);
    store.complete(scope, created);
    const running = { ...scope, key: 'k-running' };
    store.begin(running, 'hash-a', t0);
    store.close();

    store = new IdempotencyStore(path.join(dir, 'api.db'), DAY, (error) => writeErrors.push(error));
    expect(store.begin(scope, 'hash-a', t0)).toEqual({ kind: 'replay', answer: created });
    expect(store.begin(running, 'hash-a', t0)).toEqual({ kind: 'proceed' });
  });

  it('moves the completed, unexpired answers of an api.db written before the short key, and drops the old table', () => {
    store.close();
    const file = path.join(dir, 'old-api.db');
    const old = new Database(file);
    old.exec(`
      CREATE TABLE idempotency_records (
        actor_kind TEXT NOT NULL, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, key TEXT NOT NULL,
        body_hash TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('in-flight', 'completed')), status INTEGER, response TEXT,
        is_problem INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        PRIMARY KEY (actor_kind, tenant_id, user_id, method, path, key)
      ) WITHOUT ROWID;
    `);
    const insert = old.prepare('INSERT INTO idempotency_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const row = (key: string, state: string, expiresAt: number, isProblem = 0): unknown[] => [
      scope.actorKind, scope.tenantId, scope.userId, scope.method, scope.path, key, 'hash-a', state,
      state === 'completed' ? 201 : null, state === 'completed' ? JSON.stringify(created.body) : null, isProblem, 1, expiresAt,
    ];
    const future = Date.now() + DAY;
    insert.run(...row('k-done', 'completed', future));
    insert.run(...row('k-refused', 'completed', future, 1));
    insert.run(...row('k-running', 'in-flight', future));
    insert.run(...row('k-expired', 'completed', Date.now() - 1));
    old.close();

    store = new IdempotencyStore(file, DAY, (error) => writeErrors.push(error));
    expect(store.begin({ ...scope, key: 'k-done' }, 'hash-a')).toEqual({ kind: 'replay', answer: created });
    expect(store.begin({ ...scope, key: 'k-done' }, 'hash-b')).toEqual({ kind: 'reused' });
    expect(store.begin({ ...scope, key: 'k-refused' }, 'hash-a')).toEqual({ kind: 'replay', answer: { ...created, isProblem: true } });
    expect(store.begin({ ...scope, key: 'k-running' }, 'hash-a')).toEqual({ kind: 'proceed' });
    expect(store.begin({ ...scope, key: 'k-expired' }, 'hash-b')).toEqual({ kind: 'proceed' });
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare("SELECT name FROM sqlite_master WHERE name = 'idempotency_records'").all()).toEqual([]);
    reader.close();
  });

  it('writes the answers completed in one turn together at its end, and answers from memory until then', async () => {
    const file = path.join(dir, 'api.db');
    const rows = (): number => {
      const reader = new Database(file, { readonly: true });
      try {
        return (reader.prepare('SELECT count(*) AS n FROM idempotency_answers').get() as { n: number }).n;
      } finally {
        reader.close();
      }
    };
    const scopes = Array.from({ length: 5 }, (_, i) => ({ ...scope, key: `k-turn-${i}` }));
    const written: Promise<void>[] = [];
    for (const each of scopes) {
      store.begin(each, 'hash-a', t0);
      written.push(store.complete(each, created));
    }
    expect(rows()).toBe(0);
    for (const each of scopes) expect(store.begin(each, 'hash-a', t0)).toEqual({ kind: 'replay', answer: created });
    expect(store.begin(scopes[0]!, 'hash-b', t0)).toEqual({ kind: 'reused' });
    // complete() resolves once the answer is on file (the interceptor sends the answer only then).
    const countedWhenResolved = await Promise.all(written.map((promise) => promise.then(rows)));
    expect(countedWhenResolved).toEqual([5, 5, 5, 5, 5]);
    for (const each of scopes) expect(store.begin(each, 'hash-a', t0)).toEqual({ kind: 'replay', answer: created });
  });

  it('wakes a duplicate waiting on the key only once the answer is written, so what it replays is on file', async () => {
    const rows = (): number => {
      const reader = new Database(path.join(dir, 'api.db'), { readonly: true });
      try {
        return (reader.prepare('SELECT count(*) AS n FROM idempotency_answers').get() as { n: number }).n;
      } finally {
        reader.close();
      }
    };
    store.begin(scope, 'hash-a', t0);
    expect(store.begin(scope, 'hash-a', t0)).toEqual({ kind: 'in-flight' });
    const countedOnWaking = store.settled(scope)!.then(rows);
    const written = store.complete(scope, created);
    expect(await countedOnWaking).toBe(1);
    await written;
    expect(store.settled(scope)).toBeUndefined();
  });

  it('wakes a duplicate waiting on the key when the request releases it or its answer cannot be recorded', async () => {
    store.begin(scope, 'hash-a', t0);
    const onRelease = store.settled(scope)!;
    store.release(scope);
    await onRelease;
    store.begin(scope, 'hash-a', t0);
    const onFailedComplete = store.settled(scope)!;
    expect(() => store.complete(scope, { status: 201, body: { big: BigInt(1) }, isProblem: false })).toThrow(TypeError);
    await onFailedComplete;
  });

  it('releases the key when the answer cannot be recorded (not left in flight for its lifetime)', () => {
    store.begin(scope, 'hash-a', t0);
    expect(() => store.complete(scope, { status: 201, body: { big: BigInt(1) }, isProblem: false })).toThrow(TypeError);
    expect(store.begin(scope, 'hash-a', t0)).toEqual({ kind: 'proceed' });
  });

  it('reports a failed write of completed answers and forgets them: a retry runs again', async () => {
    const failures: Array<{ error: unknown; lost: number }> = [];
    store.close();
    store = new IdempotencyStore(path.join(dir, 'api.db'), DAY, (error, lost) => failures.push({ error, lost }), { busyTimeoutMs: 0 });
    store.begin(scope, 'hash-a', t0);
    const written = store.complete(scope, created);
    // Another connection holds the write lock when the turn's answers are written.
    const blocker = new Database(path.join(dir, 'api.db'));
    blocker.exec('BEGIN IMMEDIATE');
    await written; // settles on the failure too: the request is answered, its record lost
    expect(failures).toHaveLength(1);
    blocker.exec('ROLLBACK');
    blocker.close();
    expect(failures).toHaveLength(1);
    expect(failures[0]!.lost).toBe(1);
    expect(String(failures[0]!.error)).toMatch(/locked|busy/i);
    expect(store.begin(scope, 'hash-a', t0)).toEqual({ kind: 'proceed' });
  });
});

describe('request fingerprints', () => {
  it('ignore key order and whitespace but not values', () => {
    expect(bodyFingerprint(JSON.parse('{"b":1,"a":{"y":[1,2],"x":null}}'))).toBe(bodyFingerprint({ a: { x: null, y: [1, 2] }, b: 1 }));
    expect(bodyFingerprint({ a: [1, 2] })).not.toBe(bodyFingerprint({ a: [2, 1] }));
    expect(bodyFingerprint({ a: 1 })).not.toBe(bodyFingerprint({ a: '1' }));
    expect(bodyFingerprint(undefined)).toBe(bodyFingerprint(null));
  });

  it('serialize canonically', () => {
    expect(canonicalJson({ b: [3, { d: 1, c: 2 }], a: 'x', skip: undefined })).toBe('{"a":"x","b":[3,{"c":2,"d":1}]}');
  });

  it.each([
    ['a UUID', '550e8400-e29b-41d4-a716-446655440000', true],
    ['255 characters', 'k'.repeat(255), true],
    ['256 characters', 'k'.repeat(256), false],
    ['empty', '', false],
    ['a space', 'a b', false],
    ['non-ASCII', 'clé', false],
  ])('accept or refuse a key with %s', (_case, key, acceptable) => {
    expect(isAcceptableIdempotencyKey(key)).toBe(acceptable);
  });
});
