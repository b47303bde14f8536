import { makeTempDir, startApp } from '../support/app-process';
import { client } from '../support/http';
import { TEST_JWT_SECRET, tokenFor } from '../support/tokens';

/*
 * With the event store unreachable at startup (EventStoreDB mode, nothing listening) the API still
 * starts; the stream's shared live feed keeps trying in the background, readiness names it, and a
 * subscriber is told to come back (503 with Retry-After) instead of getting a stream with a gap.
 */

jest.setTimeout(60_000);

it('answers 503 unavailable with Retry-After while the live feed cannot start, and readiness says why', async () => {
  const app = await startApp({
    dataDir: makeTempDir(),
    env: { LEDGER_EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false', LEDGER_JWT_SECRET: TEST_JWT_SECRET },
  });
  try {
    const http = client(app.url);
    const token = tokenFor({ kind: 'service', tid: 'billing', sub: 'billing-sync', roles: ['reader'] });
    const refused = await http.get('/v1/events/stream', { token });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'unavailable' });
    expect(refused.headers.get('retry-after')).toBe('1');
    const ready = await http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.details.checks['events-stream']).toMatchObject({ status: 'down', reason: 'The live event feed is not running.' });
    await app.waitForLog((line) => line.msg === 'The live event feed cannot read the event store; retrying');
  } finally {
    await app.stop();
  }
});
