import { spawn } from 'node:child_process';
import { makeTempDir, PROBE_MODULE, REPO_ROOT, startApp, type AppProcess } from './support/app-process';
import { client } from './support/http';
import { PARTNER, TEST_JWT_SECRET, tokenFor } from './support/tokens';

jest.setTimeout(60_000);

/*
 * LEDGER_EVENT_STORE=esdb against a server that cannot be reached (nothing listens on port 1):
 * the API must come up and say so, rather than exit and be restarted in a loop by its supervisor.
 * Working against a real EventStoreDB is the adapter's contract suite (esdb-event-store.e2e-spec.ts).
 * The SSE hub (EventsStreamService) and the projection runner (ReadModels) start in the background
 * and report "not ready" while the store cannot be reached, so the API listens meanwhile.
 */

async function withUnreachableEventStoreDb(test: (app: AppProcess) => Promise<void>): Promise<void> {
  const app = await startApp({
    dataDir: makeTempDir(),
    env: { LEDGER_EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false', LEDGER_JWT_SECRET: TEST_JWT_SECRET },
    modules: [PROBE_MODULE],
  });
  try {
    await test(app);
  } finally {
    await app.stop();
  }
}

describe('LEDGER_EVENT_STORE=esdb configuration', () => {
  it('refuses to start with a connection string the client cannot parse, naming the variable', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ledger-api/src/main.ts'], {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          PORT: '0',
          LOG_LEVEL: 'silent',
          LEDGER_DATA_DIR: makeTempDir(),
          LEDGER_EVENT_STORE: 'esdb',
          ESDB_CONNECTION_STRING: 'postgres://localhost:5432',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('ESDB_CONNECTION_STRING: Invalid EventStoreDB connection string');
  });
});

describe('LEDGER_EVENT_STORE=esdb with EventStoreDB unreachable', () => {
  it('serves: live 200, ready 503 naming EventStoreDB, writes 503 unavailable', () =>
    withUnreachableEventStoreDb(async (app) => {
      const http = client(app.url);
      expect((await http.get('/health/live')).status).toBe(200);

      const ready = await http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ code: 'unavailable' });
      expect(JSON.stringify(ready.body)).toMatch(/EventStoreDB is unreachable/);

      const write = await http.post('/v1/probe/notes', { token: tokenFor(PARTNER), body: { text: 'while the store is down' } });
      expect(write.status).toBe(503);
      expect(write.body).toMatchObject({ code: 'unavailable' });
    }),
  );

  it('keeps retrying the connection with back-off and says so in its log', () =>
    withUnreachableEventStoreDb(async (app) => {
      const first = await app.waitForLog((line) => line.msg === 'Event store unreachable; retrying' && line.attempt === 1);
      expect(first).toMatchObject({ eventStore: 'esdb', retryInMs: 1000 });
      expect(String(first.reason)).toMatch(/EventStoreDB is unreachable/);
      const second = await app.waitForLog((line) => line.msg === 'Event store unreachable; retrying' && line.attempt === 2, 5_000);
      expect(second).toMatchObject({ retryInMs: 2000 });
    }),
  );
});
