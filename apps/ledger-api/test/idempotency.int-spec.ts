import { randomUUID } from 'node:crypto';
import { type AppProcess, makeTempDir, PROBE_MODULE, startApp } from './support/app-process';
import { client } from './support/http';
import { PARTNER, PROGRAM, TEST_JWT_SECRET, tokenFor } from './support/tokens';

jest.setTimeout(60_000);

const env = { LEDGER_JWT_SECRET: TEST_JWT_SECRET };
const partnerToken = tokenFor(PARTNER);
const programToken = tokenFor(PROGRAM);

describe('Idempotency-Key (api.md, Writes)', () => {
  const dataDir = makeTempDir();
  let app: AppProcess;
  let http: ReturnType<typeof client>;

  const head = async (): Promise<string> => (await http.get('/v1/probe/head', { token: programToken })).body.position;
  const addNote = (key: string | undefined, body: unknown, token = partnerToken) =>
    http.post('/v1/probe/notes', { token, body, ...(key !== undefined ? { headers: { 'idempotency-key': key } } : {}) });

  beforeAll(async () => {
    app = await startApp({ dataDir, env, modules: [PROBE_MODULE] });
    http = client(app.url);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('without a key, every request runs', async () => {
    const first = await addNote(undefined, { text: 'a' });
    const second = await addNote(undefined, { text: 'a' });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.noteId).not.toBe(first.body.noteId);
  });

  it('replays the first status and body for a retry, appending nothing', async () => {
    const key = randomUUID();
    const first = await addNote(key, { text: 'hello', tags: ['x'] });
    expect(first.status).toBe(201);
    const headAfterFirst = await head();
    expect(headAfterFirst).toBe(first.body.position);

    // Same JSON, other key order and spacing: the same body.
    const retry = await http.post('/v1/probe/notes', {
      token: partnerToken,
      headers: { 'idempotency-key': key },
      rawBody: '{ "tags": ["x"],   "text": "hello" }',
    });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await head()).toBe(headAfterFirst);
  });

  it('derives the command id from the key, so a retried command would carry the same ids', async () => {
    const key = randomUUID();
    const first = await addNote(key, { text: 'ids' });
    const otherActor = await addNote(key, { text: 'ids' }, tokenFor({ ...PARTNER, sub: 'user-2' }));
    expect(otherActor.status).toBe(201);
    expect(otherActor.body.noteId).not.toBe(first.body.noteId);
    expect(first.body.noteId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
  });

  it('refuses the same key with another body: 422 idempotency-key-reused, appending nothing', async () => {
    const key = randomUUID();
    expect((await addNote(key, { text: 'one' })).status).toBe(201);
    const before = await head();
    const reused = await addNote(key, { text: 'two' });
    expect(reused.status).toBe(422);
    expect(reused.contentType).toContain('application/problem+json');
    expect(reused.body.code).toBe('idempotency-key-reused');
    expect(await head()).toBe(before);
  });

  it('scopes keys to the actor, the method and the path', async () => {
    const key = randomUUID();
    const mine = await addNote(key, { text: 'scoped' });
    const samePartnerOtherUser = await addNote(key, { text: 'scoped' }, tokenFor({ ...PARTNER, sub: 'user-3' }));
    const otherPath = await http.post('/v1/probe/refusals/conflict', { token: partnerToken, body: { text: 'scoped' }, headers: { 'idempotency-key': key } });
    expect(mine.status).toBe(201);
    expect(samePartnerOtherUser.status).toBe(201);
    expect(samePartnerOtherUser.headers.get('idempotent-replayed')).toBeNull();
    // Not 422 idempotency-key-reused: another path is another request.
    expect(otherPath.body.code).toBe('probe-conflict');
  });

  it('replays a rule refusal (a DomainError) as it was first answered', async () => {
    const key = randomUUID();
    const first = await http.post('/v1/probe/refusals/conflict', { token: partnerToken, body: {}, headers: { 'idempotency-key': key, 'x-correlation-id': 'first-try' } });
    const retry = await http.post('/v1/probe/refusals/conflict', { token: partnerToken, body: {}, headers: { 'idempotency-key': key, 'x-correlation-id': 'second-try' } });
    expect(first.status).toBe(409);
    expect(retry.status).toBe(409);
    expect(retry.body).toEqual(first.body);
    expect(retry.body.correlationId).toBe('first-try');
    expect(retry.headers.get('x-correlation-id')).toBe('second-try');
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('does not remember a request that failed validation: the corrected body may reuse the key', async () => {
    const key = randomUUID();
    expect((await addNote(key, { text: '' })).status).toBe(400);
    const corrected = await addNote(key, { text: 'fixed' });
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
  });

  it('does not remember a server error: a retry runs again', async () => {
    const key = randomUUID();
    const first = await http.post('/v1/probe/crash', { token: partnerToken, body: {}, headers: { 'idempotency-key': key } });
    const retry = await http.post('/v1/probe/crash', { token: partnerToken, body: {}, headers: { 'idempotency-key': key } });
    expect([first.status, retry.status]).toEqual([500, 500]);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses a malformed key with 400 validation-failed', async () => {
    const result = await addNote('x'.repeat(256), { text: 'k' });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([{ field: 'Idempotency-Key', messages: [expect.any(String)] }]);
  });

  it('runs concurrent duplicates once: they all get the first answer', async () => {
    const key = randomUUID();
    const before = Number(await head());
    const answers = await Promise.all(Array.from({ length: 8 }, () => addNote(key, { text: 'race' })));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(Number(await head())).toBe(before + 1);
  });

  it('remembers keys across a restart on the same data dir', async () => {
    const key = randomUUID();
    const first = await addNote(key, { text: 'durable' });
    expect(first.status).toBe(201);
    const stopped = await app.stop();
    expect(stopped.code).toBe(0);

    app = await startApp({ dataDir, env, modules: [PROBE_MODULE] });
    http = client(app.url);
    const before = await head();
    const retry = await addNote(key, { text: 'durable' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await head()).toBe(before);
    expect((await addNote(key, { text: 'other' })).body.code).toBe('idempotency-key-reused');
  });
});
