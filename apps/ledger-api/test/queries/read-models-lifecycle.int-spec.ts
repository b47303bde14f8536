import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteEventStore } from '@ledger/event-store';
import { fillStore } from '../../../../projections/bench/projections.bench';
import { expectProblem, type SeededPartner } from '../../../../test/support/ledger-seed';
import { type AppProcess, makeTempDir, startApp } from '../support/app-process';
import type { HttpResult } from '../support/http';
import { TEST_JWT_SECRET } from '../support/tokens';
import { ReadSeed } from './support/read-scenario';

/*
 * The read side's life in the API process: the projection runner starts with the app, reports
 * itself in /health/ready (503 until every projection has caught up with the log's head as of
 * startup, then 200), `?minPosition=` beyond what the read models hold answers 503
 * `read-model-behind` after the configured wait, and the runner stops cleanly with the app. After
 * an upgrade that changed a projection's version, its queries answer 503 `unavailable` until the
 * rebuild into the new shape swaps in (docs/decisions/0008). The runner in its worker thread (the
 * default) and in the API's thread (LEDGER_PROJECTIONS_IN_WORKER=false) alike.
 */

jest.setTimeout(180_000);

const PROJECTIONS = ['partners', 'partnerships', 'customer-lists', 'dap-grants', 'subscriptions', 'audit-log'];
const env = { LEDGER_JWT_SECRET: TEST_JWT_SECRET, LEDGER_RATE_LIMIT_PER_MINUTE: '1000000', LEDGER_MIN_POSITION_WAIT_MS: '300' };

/** Asks /health/ready until it answers 200 (each answer recorded), for at most `timeoutMs`. */
async function readinessUntilReady(seed: ReadSeed, timeoutMs = 90_000): Promise<HttpResult[]> {
  const answers: HttpResult[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await seed.http.get('/health/ready');
    answers.push(answer);
    if (answer.status === 200) return answers;
  }
  throw new Error(`Not ready within ${timeoutMs} ms: ${JSON.stringify(answers[answers.length - 1]?.body)}`);
}

/** Asks `get` until it answers 200 (at most `timeoutMs`); returns that answer. */
async function until200(get: () => Promise<HttpResult>, timeoutMs = 30_000): Promise<HttpResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await get();
    if (answer.status === 200) return answer;
    if (Date.now() > deadline) throw new Error(`No 200 within ${timeoutMs} ms: ${answer.status} ${JSON.stringify(answer.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Where the runner runs: LEDGER_PROJECTIONS_IN_WORKER and what the app logs about it. */
const RUNNER_MODES = [
  { mode: 'in its worker thread', inWorker: true },
  { mode: 'in the API thread (LEDGER_PROJECTIONS_IN_WORKER=false)', inWorker: false },
];

/**
 * An app whose read models were built by an older version of customer-lists: a partner with one
 * related customer, the app stopped, customer-lists' serving version lowered by one in read-models.db.
 */
async function readModelsOfAnOlderVersion(): Promise<{ dataDir: string; partner: SeededPartner; customerId: string; codeVersion: number }> {
  const app = await startApp({ env });
  const seed = new ReadSeed(app.url);
  const partner = await seed.approvedPartner();
  const { customerId } = await seed.registerCustomer(partner);
  await seed.relate(partner, customerId);
  await readinessUntilReady(seed);
  expect(await app.stop()).toEqual({ code: 0, signal: null });
  const readModels = new Database(path.join(app.dataDir, 'read-models.db'));
  readModels.prepare("UPDATE projection_meta SET version = version - 1 WHERE name = 'customer-lists'").run();
  const [codeVersion] = readModels.prepare("SELECT version + 1 FROM projection_meta WHERE name = 'customer-lists'").raw().get() as [number];
  readModels.close();
  return { dataDir: app.dataDir, partner, customerId, codeVersion };
}

describe('read models in the API process', () => {
  describe.each(RUNNER_MODES)('on a running app, the runner $mode', ({ inWorker }) => {
    let app: AppProcess;
    let seed: ReadSeed;
    let partner: SeededPartner;
    let customerId: string;
    let head: string;

    beforeAll(async () => {
      app = await startApp({ env: { ...env, LEDGER_PROJECTIONS_IN_WORKER: String(inWorker) } });
      seed = new ReadSeed(app.url);
      partner = await seed.approvedPartner();
      customerId = (await seed.registerCustomer(partner)).customerId;
      head = (await seed.relate(partner, customerId, { dap: true })).position;
    });
    afterAll(async () => {
      await app?.stop();
    });

    it('runs the runner where the setting says', async () => {
      expect(await app.waitForLog((line) => line.msg === 'Projection runner started')).toMatchObject({ inWorker });
    });

    it('/health/ready reports every projection by name', async () => {
      const [ready] = (await readinessUntilReady(seed)).slice(-1);
      expect(ready!.status).toBe(200);
      for (const name of PROJECTIONS) expect(ready!.body.details[`projection:${name}`]).toEqual({ status: 'up' });
      expect(ready!.body.details['event-store']).toEqual({ status: 'up' });
    });

    it('a minPosition the read models include answers at once', async () => {
      const result = await seed.read(`/v1/customers/${customerId}`, seed.program, head);
      expect(result.status).toBe(200);
      expect(result.body.relationships).toEqual([{ partnerId: partner.partnerId, since: expect.any(String) }]);
    });

    it('a minPosition beyond the head: every read-model read answers 503 read-model-behind after the configured wait', async () => {
      const beyond = String(BigInt(head) + 1000n);
      const reads: Array<[string, string]> = [
        [`/v1/partners/${partner.partnerId}`, partner.admin.token],
        ['/v1/partners', seed.program],
        [`/v1/partners/${partner.partnerId}/indirect-providers`, partner.admin.token],
        [`/v1/partners/${partner.partnerId}/customers`, partner.admin.token],
        [`/v1/customers/${customerId}`, seed.customerToken(customerId)],
        [`/v1/customers/${customerId}/subscriptions`, seed.auditor],
        ['/v1/dap-grants', partner.admin.token],
        ['/v1/audit/events', seed.service],
      ];
      for (const [readPath, token] of reads) {
        const started = Date.now();
        const result = await seed.read(readPath, token, beyond);
        const waited = Date.now() - started;
        expectProblem(result, 503, 'read-model-behind');
        expect(result.headers.get('retry-after')).toBe('1');
        expect(result.body.details).toEqual({ minPosition: beyond, projections: expect.any(Array) });
        expect(waited).toBeGreaterThanOrEqual(250);
        expect(waited).toBeLessThan(4000);
      }
    });

    it('a refused actor gets its 403, not a wait for minPosition (authorization comes first)', async () => {
      // Had the read waited first, it would have answered 503 read-model-behind.
      expectProblem(await seed.read('/v1/partners', partner.admin.token, String(BigInt(head) + 1000n)), 403, 'forbidden');
      expectProblem(await seed.read(`/v1/customers/${customerId}`, seed.customerToken(partner.partnerId), String(BigInt(head) + 1000n)), 403, 'forbidden');
    });

    it('history, as-of and authorization checks read the log itself: minPosition never makes them wait', async () => {
      const beyond = String(BigInt(head) + 1000n);
      expect((await seed.read(`/v1/customers/${customerId}/history`, seed.program, beyond)).status).toBe(200);
      expect((await seed.read(`/v1/customers/${customerId}?asOf=${encodeURIComponent(new Date().toISOString())}`, seed.program, beyond)).status).toBe(200);
      const check = await seed.read(`/v1/authorizations/check?partnerId=${partner.partnerId}&customerId=${customerId}&action=administer-tenant`, seed.service, beyond);
      expect(check.body).toMatchObject({ allowed: true, reasons: [{ type: 'DelegatedAdminPrivilegesGranted' }] });
    });
  });

  describe('starting over an existing log', () => {
    let app: AppProcess | undefined;
    afterAll(async () => {
      await app?.stop();
    });

    it('/health/ready is 503 while the projections catch up, 200 once they include the head as of startup; then reads see everything', async () => {
      const dataDir = makeTempDir('ledger-reads-catch-up-');
      const store = createSqliteEventStore({ path: path.join(dataDir, 'events.db'), durable: false });
      const head = await fillStore(store, 30_000);
      await store.close();

      app = await startApp({ dataDir, env });
      const seed = new ReadSeed(app.url);
      const answers = await readinessUntilReady(seed);
      const notReady = answers.slice(0, -1);
      // 30,000 events take the projections well over a second to build: the first answers are 503.
      expect(notReady.length).toBeGreaterThan(0);
      for (const answer of notReady) {
        expectProblem(answer, 503, 'unavailable');
        const failing = Object.entries(answer.body.details.checks as Record<string, { status: string; reason?: string }>).filter(([, check]) => check.status === 'down');
        expect(failing.length).toBeGreaterThan(0);
        for (const [name, check] of failing) {
          expect(name).toMatch(/^projection:/);
          expect(check.reason).toMatch(/Catching up with the log: position \d+ of \d+/);
        }
      }
      expect(notReady.some((answer) => String(JSON.stringify(answer.body)).includes(`of ${head}`))).toBe(true);
      expect(answers[answers.length - 1]!.status).toBe(200);

      // Ready means caught up: without minPosition, the audit log already holds every event of the log.
      const audit = await seed.allPages('/v1/audit/events', seed.auditor, 1000);
      expect(audit.items).toHaveLength(head);
    });

    it('stops cleanly with the app, and a restart resumes from the checkpoints without rebuilding', async () => {
      const dataDir = app!.dataDir;
      expect(await app!.stop()).toEqual({ code: 0, signal: null });
      app = await startApp({ dataDir, env });
      const seed = new ReadSeed(app.url);
      const [first] = await readinessUntilReady(seed);
      expect(first!.status).toBe(200);
      expect(app.logs.some((line) => line.msg === 'rebuilding projections')).toBe(false);
    });
  });

  describe('after an upgrade that changed a projection’s version', () => {
    let app: AppProcess | undefined;
    afterAll(async () => {
      await app?.stop();
    });

    it.each(RUNNER_MODES)('its queries answer again once its rebuild swaps in, the runner $mode', async ({ inWorker }) => {
      const { dataDir, partner, customerId } = await readModelsOfAnOlderVersion();
      const upgraded = await startApp({ dataDir, env: { ...env, LEDGER_PROJECTIONS_IN_WORKER: String(inWorker) } });
      try {
        const seed = new ReadSeed(upgraded.url);
        const list = await until200(() => seed.read(`/v1/partners/${partner.partnerId}/customers`, partner.admin.token));
        expect(JSON.stringify(list.body)).toContain(customerId);
        expect((await until200(() => seed.read(`/v1/customers/${customerId}`, seed.program))).body.relationships).toEqual([
          { partnerId: partner.partnerId, since: expect.any(String) },
        ]);
        await readinessUntilReady(seed, 30_000);
      } finally {
        await upgraded.stop();
      }
    });

    it('its queries answer 503 unavailable while its old tables are frozen, /health/ready says why, other reads answer', async () => {
      // As if an older version of customer-lists had built its tables…
      const { dataDir, partner, customerId, codeVersion } = await readModelsOfAnOlderVersion();
      // …and a log the new version cannot project (a relationship of a customer never registered: its
      // row would have no company name), so the rebuild keeps failing and the old tables stay frozen.
      const store = createSqliteEventStore({ path: path.join(dataDir, 'events.db'), durable: false });
      const [established] = (await store.readAll({ after: 0 })).filter((event) => event.type === 'ResellerRelationshipEstablished');
      const stranger = randomUUID();
      await store.append(
        `customer-${stranger}`,
        [{ id: randomUUID(), type: established!.type, data: { ...(established!.data as Record<string, unknown>), customerId: stranger }, metadata: established!.metadata }],
        { expectedRevision: 'no-stream' },
      );
      await store.close();

      app = await startApp({ dataDir, env });
      const seed = new ReadSeed(app.url);
      const list = await seed.read(`/v1/partners/${partner.partnerId}/customers`, partner.admin.token);
      expectProblem(list, 503, 'unavailable');
      expect(list.headers.get('retry-after')).toBe('5');
      expect(list.body.detail).toContain(`customer-lists version ${codeVersion - 1} → ${codeVersion}`);
      expect(list.body.details).toEqual({ projections: ['customer-lists'] });
      expectProblem(await seed.read(`/v1/customers/${customerId}`, seed.program), 503, 'unavailable');

      expect((await seed.read(`/v1/partners/${partner.partnerId}`, partner.admin.token)).status).toBe(200);
      const ready = await seed.http.get('/health/ready');
      expectProblem(ready, 503, 'unavailable');
      expect(ready.body.details.checks['projection:customer-lists'].status).toBe('down');
      expect(ready.body.details.checks['projection:partners'].status).toBe('up');
    });
  });
});
