import { randomInt, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { sqliteFileSource, verifyEventLog } from '@ledger/event-store';
import { type AppProcess, makeTempDir, startApp } from '../../apps/ledger-api/test/support/app-process';
import { type HttpResult, request } from '../../apps/ledger-api/test/support/http';
import { type TestActor, tokenFor } from '../../apps/ledger-api/test/support/tokens';
import { enrollmentBody } from '../support/ledger-seed';
import { EventLogReader, type LoggedEvent } from './support/event-log';
import { diffSnapshots, readApiReadModels, rebuildReadModelsFromLog } from './support/read-model-snapshot';
import { envCount, RELIABILITY_ENV, reportFigure } from './support/settings';

/*
 * Crash safety (issue 9). The real API runs as a child process on a file store with the default,
 * durable settings (WAL, synchronous=FULL) while a few concurrent clients play realistic ledger
 * stories with Idempotency-Keys. At random moments the process is killed with SIGKILL — no
 * shutdown hook runs — and restarted on the same data dir; clients whose request died with the
 * process send it again, same key and body, to the new process. After the last cycle:
 *
 * - every write acknowledged with 2xx is in the log: the event at the answer's `position` carries
 *   the request's correlation id;
 * - nothing is doubled: event ids are unique, each request (correlation id) ran as ONE command id,
 *   and no fact (stream, type, data) was recorded twice for one request;
 * - the hash chains verify;
 * - every read model (caught up with the log, then the API stopped) equals a from-zero rebuild of
 *   the same events.db.
 *
 * A retried request whose first attempt was committed but whose answer died with the process may be
 * refused (409) instead of replayed: docs/decisions/0004 accepts that window (the idempotency record
 * is written just after the append). The test accepts such a refusal only when the log shows the
 * first attempt's events, and counts them.
 *
 * LEDGER_CRASH_CYCLES (default 20) sets the number of kills.
 */

const CYCLES = envCount('LEDGER_CRASH_CYCLES', 20);
const CLIENTS = 4;
/** A cycle is killed after this many answers (0: right after it listens, while projections catch up). */
const MAX_ANSWERS_BEFORE_KILL = 40;
/** No answer for this long means a stuck server: fail with the logs rather than hang. */
const STALL_MS = 60_000;

jest.setTimeout(CYCLES * 60_000 + 300_000);

const PROGRAM: TestActor = { kind: 'program', tid: 'csp-program', sub: 'reviewer-crash', roles: ['reviewer'] };
const AUDITOR: TestActor = { kind: 'auditor', tid: 'compliance', sub: 'auditor-crash', roles: ['auditor'] };

const customerToken = (customerId: string): string =>
  tokenFor({ kind: 'customer', tid: customerId, sub: `admin-${customerId.slice(0, 8)}`, roles: ['global-admin'] });

/** A write as a client sends it, with everything needed to send it again identically. */
interface Operation {
  readonly label: string;
  readonly method: 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body: unknown;
  readonly token: string;
  readonly idempotencyKey: string;
  readonly correlationId: string;
  /** Attempts that died with the process (sent again to the next one). */
  interruptions: number;
  /** Answers that decided nothing (409 concurrency-conflict): sent again at once. */
  lostRaces: number;
  answer?: { readonly status: number; readonly body: unknown };
}

/** Thrown at a story's next step once the test is winding down: the story ends there. */
class StoryStopped extends Error {}

/** The API process of the current cycle; requests wait while there is none. */
class ServerUnderTest {
  private app: AppProcess | null = null;
  private generation = 0;
  private waiting: Array<() => void> = [];
  answersThisCycle = 0;
  private answerWaiters: Array<() => void> = [];
  lastAnswerAt = Date.now();

  constructor(readonly dataDir: string) {}

  get current(): AppProcess | null {
    return this.app;
  }

  async start(): Promise<AppProcess> {
    const app = await startApp({ dataDir: this.dataDir, env: RELIABILITY_ENV, startTimeoutMs: 120_000 });
    this.app = app;
    this.generation += 1;
    this.answersThisCycle = 0;
    this.lastAnswerAt = Date.now();
    this.waiting.splice(0).forEach((wake) => wake());
    return app;
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  async kill(): Promise<void> {
    const app = this.app;
    this.app = null;
    const status = await app?.stop('SIGKILL');
    if (status && status.signal !== 'SIGKILL') throw new Error(`The API ended with ${JSON.stringify(status)} instead of being killed.\n${app?.stderr}`);
  }

  /** Stops the process gracefully (SIGTERM) and returns its exit status. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const app = this.app;
    this.app = null;
    if (!app) throw new Error('No server is running.');
    return app.stop('SIGTERM');
  }

  /** A running server of at least this generation. */
  async running(minGeneration: number): Promise<{ url: string; generation: number }> {
    while (!this.app || this.generation < minGeneration) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return { url: this.app.url, generation: this.generation };
  }

  answered(): void {
    this.answersThisCycle += 1;
    this.lastAnswerAt = Date.now();
    this.answerWaiters.splice(0).forEach((wake) => wake());
  }

  /** Resolves once the current cycle has had `count` answers (or `giveUp()` says so). */
  async answers(count: number, giveUp: () => boolean): Promise<void> {
    while (this.answersThisCycle < count && !giveUp()) {
      if (Date.now() - this.lastAnswerAt > STALL_MS) {
        throw new Error(`No answer for ${STALL_MS} ms.\n${this.app?.stderr ?? ''}\n${JSON.stringify(this.app?.logs.slice(-20))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.answerWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

describe('crash safety: SIGKILL under a concurrent command load', () => {
  const dataDir = makeTempDir('ledger-crash-');
  const server = new ServerUnderTest(dataDir);
  const operations: Operation[] = [];
  const serverErrors: string[] = [];
  /** Refused retries whose first attempt the log shows (docs/decisions/0004). */
  const refusedRetries: Operation[] = [];
  let replaysVerified = 0;
  let stopping = false;
  let log: EventLogReader;

  afterAll(async () => {
    log?.close();
    if (server.current) await server.kill();
  });

  /** Sends an operation until it gets an answer that decides something; survives the server's deaths. */
  async function send(operation: Operation): Promise<HttpResult> {
    let minGeneration = 1;
    for (;;) {
      const { url, generation } = await server.running(minGeneration);
      let result: HttpResult;
      try {
        result = await request(url, operation.method, operation.path, {
          token: operation.token,
          ...(operation.body !== undefined ? { body: operation.body } : {}),
          headers: { 'idempotency-key': operation.idempotencyKey, 'x-correlation-id': operation.correlationId },
        });
      } catch {
        // The process died with the request: send it again, identically, to the next one.
        operation.interruptions += 1;
        minGeneration = generation + 1;
        continue;
      }
      server.answered();
      if (result.status >= 500) {
        serverErrors.push(`${operation.label} ${operation.method} ${operation.path}: ${result.status} ${result.text}`);
        throw new Error(`${operation.label}: server error ${result.status} ${result.text}`);
      }
      if ((result.status === 409 && result.body?.code === 'concurrency-conflict') || result.status === 429) {
        operation.lostRaces += 1;
        continue;
      }
      operation.answer = { status: result.status, body: result.body };
      return result;
    }
  }

  /**
   * One step of a story: the write must be accepted with `expected`. A retried write (its first
   * attempt died with the process) may instead be refused by a rule, if and only if the log holds
   * its first attempt's events. Returns the answer's body, or the events of the first attempt.
   */
  async function step(
    label: string,
    method: Operation['method'],
    requestPath: string,
    body: unknown,
    token: string,
    expected: number,
    options: { readonly evenWhenStopping?: boolean } = {},
  ): Promise<{ body: Record<string, unknown> | undefined; events: LoggedEvent[] }> {
    if (stopping && !options.evenWhenStopping) throw new StoryStopped();
    const operation: Operation = {
      label,
      method,
      path: requestPath,
      body,
      token,
      idempotencyKey: randomUUID(),
      correlationId: `crash-${randomUUID()}`,
      interruptions: 0,
      lostRaces: 0,
    };
    operations.push(operation);
    const result = await send(operation);
    if (result.status === expected) return { body: result.body as Record<string, unknown>, events: [] };
    const decidedRefusal = [404, 409, 422].includes(result.status) && typeof result.body?.code === 'string';
    const firstAttempt = log.byCorrelationId(operation.correlationId);
    if (operation.interruptions > 0 && decidedRefusal && firstAttempt.length > 0) {
      refusedRetries.push(operation);
      return { body: undefined, events: firstAttempt };
    }
    throw new Error(`${label} ${method} ${requestPath}: expected ${expected}, got ${result.status} ${result.text} (interrupted ${operation.interruptions}×)`);
  }

  /** A field of the first event of `type` among a step's events (when its answer was lost). */
  function fromEvents(events: readonly LoggedEvent[], type: string, field: string): string {
    const event = events.find((candidate) => candidate.type === type);
    const value = (event?.data as Record<string, unknown> | undefined)?.[field];
    if (typeof value !== 'string') throw new Error(`No ${type}.${field} among ${JSON.stringify(events.map((e) => e.type))}`);
    return value;
  }

  const program = tokenFor(PROGRAM);

  /** Enrols, verifies and approves a partner; returns its id and its enrolling admin's token. */
  async function approvedPartner(partnerType: 'direct-provider' | 'indirect-provider' | 'indirect-reseller'): Promise<{ partnerId: string; admin: string }> {
    const partnerId = randomUUID();
    const admin = tokenFor({ kind: 'partner', tid: partnerId, sub: randomUUID(), roles: ['global-admin', 'admin-agent'] });
    await step('EnrollPartner', 'POST', '/v1/partners', enrollmentBody({ partnerId, partnerType }), admin, 201);
    await step('VerifyPrimaryContactEmail', 'POST', `/v1/partners/${partnerId}/primary-contact/verification`, { token: `link-${randomUUID()}` }, program, 200);
    await step('ApproveEnrollment', 'POST', `/v1/partners/${partnerId}/approval`, {}, program, 200);
    return { partnerId, admin };
  }

  async function registerCustomer(customerId: string, options: { readonly evenWhenStopping?: boolean } = {}): Promise<{ position?: string }> {
    const { body } = await step(
      'RegisterCustomer',
      'POST',
      '/v1/customers',
      { customerId, companyName: `Crash Customer ${customerId.slice(0, 8)}`, domain: `c${customerId.slice(0, 8)}.onmicrosoft.com`, country: 'US', cloud: 'global' },
      customerToken(customerId),
      201,
      options,
    );
    return { ...(body?.position ? { position: String(body.position) } : {}) };
  }

  /** A relationship request by `seller` for `partnerId`, accepted by the customer. */
  async function relate(customerId: string, partnerId: string, seller: string, dap: boolean): Promise<void> {
    const requested = await step(
      'RequestResellerRelationship',
      'POST',
      `/v1/customers/${customerId}/relationship-requests`,
      { partnerId, includeDelegatedAdmin: dap },
      seller,
      201,
    );
    const requestId = (requested.body?.requestId as string | undefined) ?? fromEvents(requested.events, 'RelationshipRequested', 'requestId');
    await step('AcceptRelationship', 'POST', `/v1/customers/${customerId}/relationship-requests/${requestId}/acceptance`, {}, customerToken(customerId), 200);
  }

  /**
   * One round of a client: a partner's whole life with a customer of its own and the shared hub
   * customer, a two-tier partnership, and the ends of all of it (removal with retained DAP,
   * revocation, cancellation, tenant-admin removal, end of partnership, user changes).
   */
  async function story(hubCustomerId: string): Promise<void> {
    const partner = await approvedPartner('direct-provider');
    const sellerId = randomUUID();
    await step(
      'AddPartnerUser',
      'POST',
      `/v1/partners/${partner.partnerId}/users`,
      { userId: sellerId, name: 'Sam Seller', email: `seller-${sellerId.slice(0, 8)}@p-${partner.partnerId.slice(0, 8)}.example`, roles: ['sales-agent'] },
      partner.admin,
      201,
    );
    const seller = tokenFor({ kind: 'partner', tid: partner.partnerId, sub: sellerId, roles: ['sales-agent'] });

    const customerId = randomUUID();
    await registerCustomer(customerId);
    await relate(customerId, partner.partnerId, seller, true);
    const subscriptionId = randomUUID();
    await step(
      'RecordSubscription',
      'POST',
      '/v1/subscriptions',
      { subscriptionId, customerId, offer: 'Microsoft 365 E3', billing: 'license', channel: 'csp', partnerOfRecord: partner.partnerId },
      seller,
      201,
    );
    // Every client's partners also work with the hub customer: its stream is written concurrently.
    await relate(hubCustomerId, partner.partnerId, seller, false);

    const provider = await approvedPartner('indirect-provider');
    const reseller = await approvedPartner('indirect-reseller');
    const invited = await step(
      'InviteReseller',
      'POST',
      `/v1/partners/${provider.partnerId}/reseller-invitations`,
      { resellerId: reseller.partnerId, message: 'Work with us' },
      provider.admin,
      201,
    );
    const invitationId = (invited.body?.invitationId as string | undefined) ?? fromEvents(invited.events, 'ResellerInvited', 'invitationId');
    await step(
      'AuthorizeIndirectProvider',
      'POST',
      `/v1/partners/${reseller.partnerId}/indirect-providers`,
      { providerId: provider.partnerId, invitationId, consent: true },
      reseller.admin,
      201,
    );

    await step(
      'RemoveCustomerRelationship',
      'POST',
      `/v1/customers/${customerId}/relationships/${partner.partnerId}/removal`,
      { attestation: { goodFaith: true, legitimateBusinessPurpose: 'Contract ended' }, legalNotice: { required: false } },
      partner.admin,
      200,
    );
    await step('RevokeDelegatedAdminPrivileges', 'POST', `/v1/customers/${customerId}/dap-grants/${partner.partnerId}/revocation`, {}, customerToken(customerId), 200);
    await step('CancelSubscription', 'POST', `/v1/subscriptions/${subscriptionId}/cancellation`, {}, customerToken(customerId), 200);
    await step(
      'RemoveProviderTenantAdminAccess',
      'DELETE',
      `/v1/partners/${reseller.partnerId}/indirect-providers/${provider.partnerId}/tenant-admin-access`,
      undefined,
      reseller.admin,
      200,
    );
    await step('EndPartnership', 'POST', `/v1/partnerships/${provider.partnerId}/${reseller.partnerId}/termination`, { reason: 'Portfolio change' }, provider.admin, 200);
    await step('ChangePartnerUserRoles', 'PUT', `/v1/partners/${partner.partnerId}/users/${sellerId}/roles`, { roles: ['sales-agent', 'helpdesk-agent'] }, partner.admin, 200);
    await step('RemovePartnerUser', 'DELETE', `/v1/partners/${partner.partnerId}/users/${sellerId}`, undefined, partner.admin, 200);
  }

  /** Re-sends a few acknowledged writes, identically: the new process must replay their first answer and append nothing. */
  async function replaySome(count: number): Promise<void> {
    const acknowledged = operations.filter((operation) => operation.answer && operation.answer.status < 300);
    for (let i = 0; i < count && acknowledged.length > 0; i += 1) {
      const original = acknowledged[randomInt(acknowledged.length)]!;
      const before = log.byCorrelationId(original.correlationId).length;
      const { url } = await server.running(1);
      const again = await request(url, original.method, original.path, {
        token: original.token,
        ...(original.body !== undefined ? { body: original.body } : {}),
        headers: { 'idempotency-key': original.idempotencyKey, 'x-correlation-id': original.correlationId },
      });
      expect({ label: original.label, status: again.status, body: again.body, replayed: again.headers.get('idempotent-replayed') }).toEqual({
        label: original.label,
        status: original.answer!.status,
        body: original.answer!.body,
        replayed: 'true',
      });
      expect(log.byCorrelationId(original.correlationId)).toHaveLength(before);
      replaysVerified += 1;
    }
  }

  it(`loses no acknowledged write, doubles nothing and rebuilds equal read models after ${CYCLES} SIGKILLs`, async () => {
    const started = Date.now();
    await server.start();
    log = EventLogReader.ofDataDir(dataDir);

    const hubCustomerId = randomUUID();
    const hubReady = registerCustomer(hubCustomerId);
    const clientErrors: unknown[] = [];
    const clients = Array.from({ length: CLIENTS }, async () => {
      try {
        await hubReady;
        while (!stopping) await story(hubCustomerId);
      } catch (error) {
        if (error instanceof StoryStopped) return;
        clientErrors.push(error);
        stopping = true;
      }
    });

    let cyclesSurvived = 0;
    for (let cycle = 1; cycle <= CYCLES && clientErrors.length === 0; cycle += 1) {
      if (cycle > 1) {
        await server.start();
        await replaySome(2);
      }
      await server.answers(randomInt(0, MAX_ANSWERS_BEFORE_KILL + 1), () => clientErrors.length > 0);
      // Not always right after an answer: anywhere in the next few milliseconds of work.
      await new Promise((resolve) => setTimeout(resolve, randomInt(0, 25)));
      await server.kill();
      cyclesSurvived += 1;
    }

    // The last start: the clients finish the write they were on (retrying it) and stop.
    await server.start();
    stopping = true;
    await Promise.all(clients);
    expect(clientErrors).toEqual([]);
    expect(serverErrors).toEqual([]);
    await replaySome(3);

    // A last write, then wait (minPosition) until every read model includes it, then stop cleanly.
    const last = await registerCustomer(randomUUID(), { evenWhenStopping: true });
    expect(last.position).toBeDefined();
    const { url } = await server.running(1);
    const auditor = tokenFor(AUDITOR);
    const someReseller = log.after().find((event) => event.type === 'PartnerEnrollmentSubmitted' && (event.data as { partnerType: string }).partnerType === 'indirect-reseller');
    const waitsOnEveryProjection = [
      '/v1/partners?limit=1',
      `/v1/partners/${(someReseller?.data as { partnerId: string }).partnerId}/indirect-providers?limit=1`,
      `/v1/customers/${hubCustomerId}`,
      '/v1/dap-grants?limit=1',
      `/v1/customers/${hubCustomerId}/subscriptions?limit=1`,
      '/v1/audit/events?limit=1',
    ];
    for (const read of waitsOnEveryProjection) {
      const result = await request(url, 'GET', `${read}${read.includes('?') ? '&' : '?'}minPosition=${last.position}`, { token: auditor });
      expect({ read, status: result.status }).toEqual({ read, status: 200 });
    }
    expect(await server.stop()).toEqual({ code: 0, signal: null });

    // 1. Every acknowledged write is in the log, at the position its answer gave.
    const events = log.after();
    const acknowledged = operations.filter((operation) => operation.answer && operation.answer.status < 300);
    const missing = acknowledged.filter((operation) => {
      const position = Number((operation.answer!.body as { position?: string }).position);
      return log.at(position)?.metadata.correlationId !== operation.correlationId;
    });
    expect(missing.map((operation) => `${operation.label} ${operation.path} ${JSON.stringify(operation.answer)}`)).toEqual([]);
    // Every write of every story got an answer (no client gave up half-way).
    expect(operations.filter((operation) => !operation.answer).map((operation) => operation.label)).toEqual([]);

    // 2. Nothing doubled: unique event ids; one command id per request; no fact twice per request.
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    const commandsByRequest = new Map<string, Set<string>>();
    const facts = new Map<string, number>();
    for (const event of events) {
      const correlationId = String(event.metadata.correlationId);
      // Multi-stream commands record their steps with the command as cause: the request's command.
      const requestCommand = String(event.metadata.causationId ?? event.metadata.commandId);
      commandsByRequest.set(correlationId, (commandsByRequest.get(correlationId) ?? new Set()).add(requestCommand));
      const fact = `${correlationId}|${event.streamId}|${event.type}|${event.dataJson}`;
      facts.set(fact, (facts.get(fact) ?? 0) + 1);
    }
    expect([...commandsByRequest].filter(([, commands]) => commands.size > 1)).toEqual([]);
    expect([...facts].filter(([, count]) => count > 1)).toEqual([]);

    // 3. The hash chains verify.
    const source = sqliteFileSource(path.join(dataDir, 'events.db'));
    const verification = await verifyEventLog(source).finally(() => source.close());
    expect({ ok: verification.ok, problems: verification.problems.slice(0, 5) }).toEqual({ ok: true, problems: [] });
    expect(verification.eventsChecked).toBe(events.length);

    // 4. Every read model equals a from-zero rebuild of the same log.
    const api = readApiReadModels(path.join(dataDir, 'read-models.db'));
    const rebuilt = await rebuildReadModelsFromLog(path.join(dataDir, 'events.db'), path.join(makeTempDir('ledger-crash-rebuild-'), 'read-models.db'));
    expect(rebuilt.head).toBe(events[events.length - 1]!.position);
    expect(Object.entries(api.checkpoints).filter(([, checkpoint]) => checkpoint !== rebuilt.head)).toEqual([]);
    expect(diffSnapshots(api.snapshot, rebuilt.snapshot)).toEqual([]);
    for (const table of ['partners', 'partner_users', 'partnerships', 'customers', 'customer_relationships', 'dap_grants', 'subscriptions', 'audit_events']) {
      expect({ table, empty: (rebuilt.snapshot[table] ?? []).length === 0 }).toEqual({ table, empty: false });
    }

    reportFigure('crash', {
      cyclesSurvived,
      clients: CLIENTS,
      writesAcknowledged: acknowledged.length,
      writesInterruptedAndRetried: operations.filter((operation) => operation.interruptions > 0).length,
      retriesRefusedWithFirstAttemptInLog: refusedRetries.map((operation) => `${operation.label} → ${operation.answer!.status} ${(operation.answer!.body as { code?: string }).code}`),
      lostRacesRetried: operations.reduce((sum, operation) => sum + operation.lostRaces, 0),
      replaysVerified,
      events: events.length,
      seconds: Math.round((Date.now() - started) / 1000),
    });
    expect(cyclesSurvived).toBe(CYCLES);
  });
});
