import { type AppProcess, PROBE_MODULE, startApp } from './support/app-process';
import { client } from './support/http';
import { PARTNER, PROGRAM, signJwt, TEST_JWT_SECRET, tokenFor, unsignedToken } from './support/tokens';

jest.setTimeout(60_000);

const PROBLEM_JSON = 'application/problem+json';

function expectProblem(result: { status: number; contentType: string; body: Record<string, unknown> }, status: number, code: string): void {
  expect({ status: result.status, code: result.body.code }).toEqual({ status, code });
  expect(result.contentType).toContain(PROBLEM_JSON);
  expect(result.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, code, detail: expect.any(String) });
}

describe('the API platform over HTTP', () => {
  let app: AppProcess;
  let http: ReturnType<typeof client>;
  const token = tokenFor(PROGRAM);

  beforeAll(async () => {
    app = await startApp({ env: { LEDGER_JWT_SECRET: TEST_JWT_SECRET }, modules: [PROBE_MODULE] });
    http = client(app.url);
  });
  afterAll(async () => {
    await app?.stop();
  });

  describe('health', () => {
    it('is live and ready without a token', async () => {
      const live = await http.get('/health/live');
      expect(live.status).toBe(200);
      expect(live.body).toEqual({ status: 'ok' });
      const ready = await http.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details['event-store'].status).toBe('up');
    });

    it('is not rate limited and carries the security headers', async () => {
      const live = await http.get('/health/live');
      expect(live.headers.get('x-ratelimit-limit')).toBeNull();
      expect(live.headers.get('x-content-type-options')).toBe('nosniff');
      expect(live.headers.get('content-security-policy')).toContain("default-src 'self'");
    });
  });

  describe('authentication (401 unauthenticated)', () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'reviewer-1', kind: 'program', tid: 'program', roles: ['reviewer'], iat: now, exp: now + 600 };

    it('accepts a valid HS256 token and exposes its actor', async () => {
      const result = await http.get('/v1/probe/whoami', { token });
      expect(result.status).toBe(200);
      expect(result.body.actor).toEqual({ kind: 'program', tenantId: 'program', userId: 'reviewer-1', roles: ['reviewer'] });
    });

    it.each([
      ['no Authorization header', undefined, undefined],
      ['a non-Bearer scheme', undefined, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['an expired token', tokenFor(PROGRAM, { expiresInSeconds: -60 }), undefined],
      ['a token signed with another key', tokenFor(PROGRAM, { secret: 'another-secret-that-is-long-enough-for-hs256-xx' }), undefined],
      ['an alg:none token', unsignedToken(claims), undefined],
      ['an HS512 token (algorithm not pinned)', signJwt(claims, TEST_JWT_SECRET, { alg: 'HS512', typ: 'JWT' }), undefined],
      ['a token without exp', signJwt({ ...claims, exp: undefined }, TEST_JWT_SECRET), undefined],
      ['a token with an unknown kind', signJwt({ ...claims, kind: 'robot' }, TEST_JWT_SECRET), undefined],
      ['a token without tid', signJwt({ ...claims, tid: undefined }, TEST_JWT_SECRET), undefined],
      ['a token whose roles are not strings', signJwt({ ...claims, roles: [1] }, TEST_JWT_SECRET), undefined],
      ['garbage', 'not.a.jwt', undefined],
    ])('refuses %s', async (_case, badToken, headers) => {
      const result = await http.get('/v1/probe/whoami', { ...(badToken !== undefined ? { token: badToken } : {}), ...(headers ? { headers } : {}) });
      expectProblem(result, 401, 'unauthenticated');
      expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('checks the token before the body (a broken body with no token is 401, not 400)', async () => {
      const result = await http.post('/v1/probe/notes', { body: { text: 42 } });
      expectProblem(result, 401, 'unauthenticated');
    });
  });

  describe('errors as problem+json', () => {
    it('answers an unknown route with 404 not-found', async () => {
      expectProblem(await http.get('/nowhere'), 404, 'not-found');
      expectProblem(await http.get('/v1/nowhere', { token }), 404, 'not-found');
    });

    it('answers broken JSON with 400 validation-failed', async () => {
      expectProblem(await http.post('/v1/probe/notes', { token, rawBody: '{"text": "unterminated' }), 400, 'validation-failed');
    });

    it('answers a body that is JSON but not an object with 400 validation-failed', async () => {
      for (const rawBody of ['[]', '"text"', '42', 'null']) {
        const result = await http.post('/v1/probe/notes', { token, rawBody });
        expectProblem(result, 400, 'validation-failed');
        expect(result.body.detail).toBe('The request body must be a JSON object.');
      }
    });

    it('answers a body that is not JSON with 415 unsupported-media-type', async () => {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
        const result = await http.post('/v1/probe/notes', { token, rawBody: 'text=hello', headers: { 'content-type': contentType } });
        expectProblem(result, 415, 'unsupported-media-type');
      }
    });

    it('answers a body over 1 MiB with 413 payload-too-large', async () => {
      const result = await http.post('/v1/probe/notes', { token, rawBody: JSON.stringify({ text: 'x'.repeat(1024 * 1024) }) });
      expectProblem(result, 413, 'payload-too-large');
    });

    it('accepts a body just under 1 MiB (then validates it)', async () => {
      const result = await http.post('/v1/probe/notes', { token, rawBody: JSON.stringify({ text: 'x'.repeat(1024 * 1024 - 100) }) });
      expectProblem(result, 400, 'validation-failed');
      expect(result.body.errors).toEqual([{ field: 'text', messages: ['text must be shorter than or equal to 256 characters'] }]);
    });

    it('lists every invalid field, nested ones by path, and refuses unknown fields', async () => {
      const result = await http.post('/v1/probe/notes', {
        token,
        body: { text: 5, tags: ['ok', 7], author: { email: 'not-an-email', age: 3 }, sneaky: true },
      });
      expectProblem(result, 400, 'validation-failed');
      const byField = Object.fromEntries((result.body.errors as Array<{ field: string; messages: string[] }>).map((e) => [e.field, e.messages]));
      expect(Object.keys(byField).sort()).toEqual(['author.age', 'author.email', 'sneaky', 'tags', 'text']);
      expect(byField.sneaky).toEqual(['property sneaky should not exist']);
      expect(byField['author.age']).toEqual(['property age should not exist']);
      expect(byField['author.email']).toEqual(['email must be an email']);
    });

    it('accepts {} for a DTO without fields and refuses any field sent to it', async () => {
      const empty = await http.post('/v1/probe/empty-body-commands', { token, body: {} });
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({ received: {} });
      const extra = await http.post('/v1/probe/empty-body-commands', { token, body: { reason: 'x' } });
      expectProblem(extra, 400, 'validation-failed');
      expect(extra.body.errors).toEqual([{ field: 'reason', messages: ['property reason should not exist'] }]);
    });

    it('validates query strings the same way, converting only what the DTO asks', async () => {
      const ok = await http.get('/v1/probe/search?limit=25', { token });
      expect(ok.body).toEqual({ limit: 25, limitType: 'number' });
      const bad = await http.get('/v1/probe/search?limit=abc&extra=1', { token });
      expectProblem(bad, 400, 'validation-failed');
      expect((bad.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['extra', 'limit']);
    });

    it.each([
      ['forbidden', 403],
      ['not-found', 404],
      ['conflict', 409],
      ['unprocessable', 422],
    ])('maps a DomainError of kind %s to %i with its code and details', async (kind, status) => {
      const result = await http.post(`/v1/probe/refusals/${kind}`, { token, body: {} });
      expectProblem(result, status, `probe-${kind}`);
      expect(result.body.detail).toBe(`Refused as ${kind}.`);
      expect(result.body.details).toEqual({ kind });
    });

    it('answers an unexpected error with 500 internal, no stack or message, and logs it with the correlation id', async () => {
      const result = await http.post('/v1/probe/crash', { token, body: {}, headers: { 'x-correlation-id': 'crash-test-1' } });
      expectProblem(result, 500, 'internal');
      expect(result.body.correlationId).toBe('crash-test-1');
      expect(result.text).not.toContain('hunter2');
      expect(result.text).not.toMatch(/\bat .+\.ts:\d+/);
      const line = await app.waitForLog((l) => l.correlationId === 'crash-test-1' && l.level === 50);
      expect(line.err).toMatchObject({ message: expect.stringContaining('hunter2'), stack: expect.any(String) });
    });
  });

  describe('correlation ids', () => {
    it('echoes an acceptable X-Correlation-Id and hands it to handlers', async () => {
      const result = await http.get('/v1/probe/whoami', { token, headers: { 'x-correlation-id': 'client-run:42.a_b-c' } });
      expect(result.headers.get('x-correlation-id')).toBe('client-run:42.a_b-c');
      expect(result.body.correlationId).toBe('client-run:42.a_b-c');
    });

    it.each([
      ['absent', undefined],
      ['too long', 'a'.repeat(129)],
      ['with unsafe characters', 'abc def<script>'],
    ])('makes a UUID when the header is %s', async (_case, header) => {
      const result = await http.get('/v1/probe/whoami', { token, ...(header !== undefined ? { headers: { 'x-correlation-id': header } } : {}) });
      const echoed = result.headers.get('x-correlation-id');
      expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(result.body.correlationId).toBe(echoed);
    });

    it('is echoed on errors too and recorded in the metadata of the events a write appends', async () => {
      const refused = await http.get('/v1/nowhere', { headers: { 'x-correlation-id': 'corr-404' } });
      expect(refused.headers.get('x-correlation-id')).toBe('corr-404');
      expect(refused.body.correlationId).toBe('corr-404');

      const written = await http.post('/v1/probe/notes', { token: tokenFor(PARTNER), body: { text: 'hello' }, headers: { 'x-correlation-id': 'corr-write-1' } });
      expect(written.status).toBe(201);
      expect(written.body).toEqual({ position: expect.stringMatching(/^\d+$/), noteId: expect.any(String) });
      const events = await http.get(`/v1/probe/notes/${written.body.noteId}/events`, { token });
      expect(events.body).toHaveLength(1);
      expect(events.body[0]).toMatchObject({
        type: 'ProbeNoteAdded',
        position: written.body.position,
        metadata: {
          correlationId: 'corr-write-1',
          commandId: written.body.noteId,
          causationId: written.body.noteId,
          actor: { kind: 'partner', tenantId: PARTNER.tid, userId: PARTNER.sub, roles: ['global-admin'] },
          occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          schemaVersion: 1,
        },
      });
    });

    it('logs one line per request with the correlation id and the actor', async () => {
      await http.get('/v1/probe/whoami', { token, headers: { 'x-correlation-id': 'log-line-1' } });
      const line = await app.waitForLog((l) => l.correlationId === 'log-line-1' && l.msg === 'request completed');
      expect(line).toMatchObject({ method: 'GET', url: '/v1/probe/whoami', statusCode: 200, actor: { kind: 'program', tenantId: 'program', userId: 'reviewer-1' } });
      expect(JSON.stringify(app.logs)).not.toContain(token);
    });
  });

  describe('OpenAPI', () => {
    it('serves the document with the bearer scheme, the problem schema and the write conventions', async () => {
      const result = await http.get('/openapi.json');
      expect(result.status).toBe(200);
      const document = result.body;
      expect(document.openapi).toMatch(/^3\./);
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      expect(document.components.schemas.ProblemDetailsSchema.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'code', 'detail']));
      const post = document.paths['/v1/probe/notes'].post;
      expect(post.security).toEqual([{ bearer: [] }]);
      expect(post.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Idempotency-Key', 'X-Correlation-Id']));
      for (const status of ['400', '401', '409', '413', '422', '429', '500']) {
        expect(post.responses[status].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/ProblemDetailsSchema');
      }
      expect(document.paths['/health/live'].get.security).toBeUndefined();
    });

    it('serves Swagger UI', async () => {
      const result = await http.get('/docs');
      expect(result.status).toBe(200);
      expect(result.contentType).toContain('text/html');
      expect(result.text).toContain('swagger');
    });
  });

  describe('readiness', () => {
    // Last in this file: it closes the app's store.
    it('answers 503 unavailable once the store is unreachable', async () => {
      expect((await http.post('/v1/probe/store/close', { token, body: {} })).status).toBe(200);
      const ready = await http.get('/health/ready');
      expectProblem(ready, 503, 'unavailable');
      expect(ready.body.details.checks['event-store'].status).toBe('down');
      expect((await http.get('/health/live')).status).toBe(200);
      const write = await http.post('/v1/probe/notes', { token, body: { text: 'after close' } });
      expectProblem(write, 503, 'unavailable');
    });
  });
});
