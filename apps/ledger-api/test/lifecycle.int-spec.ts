import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, makeTempDir, PROBE_MODULE, startApp } from './support/app-process';
import { client } from './support/http';
import { PARTNER, PROGRAM, TEST_JWT_SECRET, tokenFor } from './support/tokens';

jest.setTimeout(60_000);

/** Runs `npm start`'s command with this environment until it exits; resolves with its exit code and stderr. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ledger-api/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('startup and shutdown', () => {
  it('refuses to start with invalid settings, listing every problem', async () => {
    const result = await runMain({ PORT: 'eighty', LOG_LEVEL: 'loud', LEDGER_JWT_SECRET: 'short', LEDGER_DATA_DIR: makeTempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('PORT must be an integer');
    expect(result.stderr).toContain('LOG_LEVEL must be one of');
    expect(result.stderr).toContain('LEDGER_JWT_SECRET must be at least 32 bytes');
  });

  it('creates the data dir and a 0600 JWT secret once, and keeps using it', async () => {
    const dataDir = path.join(makeTempDir(), 'nested', 'data');
    const first = await startApp({ dataDir });
    const secretFile = path.join(dataDir, 'jwt-secret');
    const secret = fs.readFileSync(secretFile, 'utf8').trim();
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
    if (process.platform !== 'win32') expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dataDir, 'events.db'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'api.db'))).toBe(true);
    await first.stop();

    const second = await startApp({ dataDir, modules: [PROBE_MODULE] });
    try {
      expect(fs.readFileSync(secretFile, 'utf8').trim()).toBe(secret);
      const whoami = await client(second.url).get('/v1/probe/whoami', { token: tokenFor(PROGRAM, { secret }) });
      expect(whoami.status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('on SIGTERM finishes the in-flight request, closes the store and exits 0', async () => {
    const dataDir = makeTempDir();
    const env = { LEDGER_JWT_SECRET: TEST_JWT_SECRET };
    const app = await startApp({ dataDir, env, modules: [PROBE_MODULE] });
    const token = tokenFor(PARTNER);
    // The probe answers this only once the server has stopped accepting connections.
    const inFlight = client(app.url).post('/v1/probe/slow-notes', { token, body: { text: 'in flight' } });
    await app.waitForLog((line) => line.probe === 'slow-note-waiting');

    const exit = app.stop('SIGTERM');
    const answer = await inFlight;
    expect(answer.status).toBe(201);
    expect(await exit).toEqual({ code: 0, signal: null });
    const messages = app.logs.map((line) => line.msg);
    const order = ['Shutting down: finishing in-flight requests', 'probe: server closed, finishing the request', 'Event store closed'];
    expect(order.map((msg) => messages.indexOf(msg))).toEqual([...order.map((msg) => messages.indexOf(msg))].sort((a, b) => a - b));
    expect(order.every((msg) => messages.includes(msg))).toBe(true);

    // The note was durably appended before the store closed.
    const restarted = await startApp({ dataDir, env, modules: [PROBE_MODULE] });
    try {
      const events = await client(restarted.url).get(`/v1/probe/notes/${answer.body.noteId}/events`, { token });
      expect(events.body).toHaveLength(1);
      expect(events.body[0].position).toBe(answer.body.position);
    } finally {
      await restarted.stop();
    }
  });
});

describe('rate limiting per actor', () => {
  it('answers 429 rate-limited past the budget, per actor, and never for health checks', async () => {
    const app = await startApp({ env: { LEDGER_JWT_SECRET: TEST_JWT_SECRET, LEDGER_RATE_LIMIT_PER_MINUTE: '3' }, modules: [PROBE_MODULE] });
    try {
      const http = client(app.url);
      const token = tokenFor(PROGRAM);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await http.get('/v1/probe/whoami', { token })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);

      const limited = await http.post('/v1/probe/notes', { token, body: { text: 'x' } });
      expect(limited.status).toBe(429);
      expect(limited.contentType).toContain('application/problem+json');
      expect(limited.body.code).toBe('rate-limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

      // Another actor has its own budget; health checks have none.
      expect((await http.get('/v1/probe/whoami', { token: tokenFor(PARTNER) })).status).toBe(200);
      for (let i = 0; i < 5; i += 1) expect((await http.get('/health/live')).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
