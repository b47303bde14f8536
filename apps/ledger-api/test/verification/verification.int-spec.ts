import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type AppProcess, makeTempDir, PROBE_MODULE, startApp } from '../support/app-process';
import { client } from '../support/http';
import { TEST_JWT_SECRET, type TestActor, tokenFor } from '../support/tokens';

jest.setTimeout(90_000);

/*
 * GET /v1/audit/verification over the real API (child process, temp SQLite store). Writes go
 * through the test-only probe module (POST /v1/probe/notes → handleCommand), so they are chained
 * exactly as every ledger command's events are.
 */

const AUDITOR: TestActor = { kind: 'auditor', tid: 'audit', sub: 'auditor-1', roles: ['auditor'] };
const WRITER: TestActor = { kind: 'program', tid: 'program', sub: 'reviewer-1', roles: ['reviewer'] };
const ENV = { LEDGER_JWT_SECRET: TEST_JWT_SECRET };

interface Head {
  streamId: string;
  revision: number;
  hash: string;
}

async function addNote(app: AppProcess, text: string): Promise<{ noteId: string; position: string }> {
  const response = await client(app.url).post('/v1/probe/notes', { token: tokenFor(WRITER), body: { text } });
  expect(response.status).toBe(201);
  return response.body as { noteId: string; position: string };
}

async function integrityOfNote(app: AppProcess, noteId: string): Promise<{ alg: string; prev: string | null; hash: string }> {
  const response = await client(app.url).get(`/v1/probe/notes/${noteId}/events`, { token: tokenFor(WRITER) });
  expect(response.status).toBe(200);
  return response.body[0].metadata.integrity;
}

const verification = (app: AppProcess, query = '', actor: TestActor = AUDITOR) =>
  client(app.url).get(`/v1/audit/verification${query}`, { token: tokenFor(actor) });

describe('GET /v1/audit/verification', () => {
  let app: AppProcess;
  beforeAll(async () => {
    app = await startApp({ env: ENV, modules: [PROBE_MODULE] });
  });
  afterAll(() => app.stop());

  it('verifies the log in the background once the app has started', async () => {
    const line = await app.waitForLog((l) => l.msg === 'Event log verified: every hash chain holds');
    expect(line).toMatchObject({ ok: true, problemCount: 0 });
    const response = await verification(app);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, problems: [], problemCount: 0, nextCursor: null });
  });

  it('answers an auditor ok with the head hash of every stream after some writes (refresh=true runs a fresh verification)', async () => {
    const notes = [await addNote(app, 'one'), await addNote(app, 'two'), await addNote(app, 'three')];
    const response = await verification(app, '?refresh=true&limit=1000');
    expect(response.status).toBe(200);
    const body = response.body as { ok: boolean; headPosition: string; eventsChecked: number; streamsChecked: number; heads: Head[]; checkedAt: string; startedAt: string };
    expect(body).toMatchObject({ ok: true, problems: [], problemCount: 0, nextCursor: null, verificationId: expect.any(String) });
    expect(Number(body.headPosition)).toBeGreaterThanOrEqual(Number(notes[2]!.position));
    expect(body.eventsChecked).toBeGreaterThanOrEqual(3);
    expect(body.streamsChecked).toBe(body.heads.length);
    expect(Date.parse(body.checkedAt)).toBeGreaterThanOrEqual(Date.parse(body.startedAt));
    for (const note of notes) {
      const integrity = await integrityOfNote(app, note.noteId);
      expect(integrity).toMatchObject({ alg: 'sha256', prev: null, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(body.heads).toContainEqual({ streamId: `probe-${note.noteId}`, revision: 0, hash: integrity.hash });
    }
    // Heads come sorted by stream id.
    const ids = body.heads.map((head) => head.streamId);
    expect(ids).toEqual([...ids].sort());
    // Without refresh, the latest result is answered again.
    const again = await verification(app, '?limit=1000');
    expect(again.body.verificationId).toBe(response.body.verificationId);
  });

  it('pages the heads with limit and cursor, all pages of one verification', async () => {
    await addNote(app, 'four');
    const all = await verification(app, '?refresh=true&limit=1000');
    const collected: Head[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await verification(app, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.verificationId).toBe(all.body.verificationId);
      expect(response.body.heads.length).toBeLessThanOrEqual(2);
      collected.push(...(response.body.heads as Head[]));
      cursor = response.body.nextCursor as string | null;
      pages += 1;
    } while (cursor !== null);
    expect(collected).toEqual(all.body.heads);
    expect(pages).toBe(Math.ceil(all.body.heads.length / 2));
  });

  it('refuses malformed queries with 400 validation-failed', async () => {
    for (const query of ['?limit=0', '?limit=1001', '?limit=abc', '?refresh=yes', '?cursor=not-a-cursor', '?unknown=1']) {
      const response = await verification(app, query);
      expect({ query, status: response.status, code: response.body.code }).toEqual({ query, status: 400, code: 'validation-failed' });
    }
    const first = await verification(app, '?limit=1');
    expect(first.body.nextCursor).not.toBeNull();
    const combined = await verification(app, `?refresh=true&cursor=${first.body.nextCursor}`);
    expect(combined.status).toBe(400);
    expect(combined.body.errors).toEqual([{ field: 'cursor', messages: [expect.stringMatching(/cannot be combined with refresh=true/)] }]);
  });

  it('refuses every actor but auditors (403), and calls without a valid token (401)', async () => {
    const others: TestActor[] = [
      { kind: 'partner', tid: '11111111-1111-4111-8111-111111111111', sub: 'user-1', roles: ['global-admin'] },
      { kind: 'customer', tid: '22222222-2222-4222-8222-222222222222', sub: 'user-2', roles: [] },
      WRITER,
      { kind: 'service', tid: 'billing', sub: 'svc-1', roles: [] },
      // The role name is not what counts: the actor kind is.
      { kind: 'program', tid: 'program', sub: 'x', roles: ['auditor'] },
    ];
    for (const actor of others) {
      const response = await verification(app, '', actor);
      expect({ kind: actor.kind, status: response.status, code: response.body.code }).toEqual({ kind: actor.kind, status: 403, code: 'forbidden' });
      expect(response.body.heads).toBeUndefined();
    }
    const anonymous = await client(app.url).get('/v1/audit/verification');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'unauthenticated']);
    const expired = await client(app.url).get('/v1/audit/verification', { token: tokenFor(AUDITOR, { expiresInSeconds: -60 }) });
    expect([expired.status, expired.body.code]).toEqual([401, 'unauthenticated']);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await client(app.url).get('/openapi.json')).body;
    const operation = document.paths['/v1/audit/verification'].get;
    expect(operation.operationId).toBe('GetLogVerification');
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '429', '500', '503']));
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['refresh', 'limit', 'cursor']));
    const schema = document.components.schemas.VerificationDto;
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['ok', 'checkedAt', 'headPosition', 'eventsChecked', 'streamsChecked', 'problems', 'heads', 'nextCursor']),
    );
  });
});

describe('periodic verification', () => {
  it('runs again every LEDGER_VERIFY_INTERVAL_MS, so the latest result includes later writes', async () => {
    const app = await startApp({ env: { ...ENV, LEDGER_VERIFY_INTERVAL_MS: '1000' }, modules: [PROBE_MODULE] });
    try {
      const verified = (line: { msg?: string }) => line.msg === 'Event log verified: every hash chain holds';
      await app.waitForLog(verified);
      const note = await addNote(app, 'written between two runs');
      const runsBefore = app.logs.filter(verified).length;
      // Wait on the condition (a later run's log line), not on time.
      await app.waitForLog(() => app.logs.filter(verified).length > runsBefore + 1);
      const response = await verification(app, '?limit=1000');
      expect(response.body.ok).toBe(true);
      expect(response.body.heads.map((head: Head) => head.streamId)).toContain(`probe-${note.noteId}`);
      // The heads are paged from a file per kept verification (at most the latest two, and a run writing its own).
      const headsDir = path.join(app.dataDir, 'verification');
      expect(fs.readdirSync(headsDir)).toContain(`${response.body.verificationId}.db`);
      expect(fs.readdirSync(headsDir).length).toBeLessThanOrEqual(3);
    } finally {
      await app.stop();
    }
    // Removed at shutdown.
    expect(fs.readdirSync(path.join(app.dataDir, 'verification'))).toEqual([]);
  });
});

describe('GET /v1/audit/verification after the store file was tampered with', () => {
  it('reports the modified event with its stream, revision and position, and logs an error', async () => {
    const dataDir = makeTempDir();
    let app = await startApp({ dataDir, env: ENV, modules: [PROBE_MODULE] });
    const kept = await addNote(app, 'kept as written');
    const forged = await addNote(app, 'the original text');
    await app.stop();

    // Behind the ledger's back: rewrite the note's text in the file.
    const db = new Database(path.join(dataDir, 'events.db'));
    db.prepare("UPDATE events SET data = json_set(data, '$.text', 'a forged text') WHERE stream_id = ?").run(`probe-${forged.noteId}`);
    db.close();

    app = await startApp({ dataDir, env: ENV, modules: [PROBE_MODULE] });
    try {
      const alert = await app.waitForLog((l) => l.msg === 'Event log verification found integrity problems');
      expect(alert).toMatchObject({ level: 50, ok: false, problemCount: 1 });
      const response = await verification(app, '?refresh=true&limit=1000');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ ok: false, problemCount: 1 });
      expect(response.body.problems).toEqual([
        {
          kind: 'modified',
          streamId: `probe-${forged.noteId}`,
          revision: 0,
          position: forged.position,
          detail: expect.stringMatching(/does not match its hash/),
        },
      ]);
      // The untouched stream's head is still reported as it was written.
      expect(response.body.heads).toContainEqual({ streamId: `probe-${kept.noteId}`, revision: 0, hash: (await integrityOfNote(app, kept.noteId)).hash });
    } finally {
      await app.stop();
    }
  });
});
