import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@ledger/event-store';
import { executeRevokeDelegatedAdminPrivileges } from '@ledger/customers';
import { executeEndPartnership } from '@ledger/partnerships';
import { executeCancelSubscription, executeRecordSubscription } from '@ledger/subscriptions';
import { ContractValidator } from '../../../../contracts/contract-validator';
import { customerAdminActor, LedgerSeed, partnerActor, SEED_PROGRAM_ACTOR, seedContext } from '../../../../test/support/customer-seed';
import { type AppProcess, startApp } from '../support/app-process';
import { client } from '../support/http';
import { TEST_JWT_SECRET, tokenFor } from '../support/tokens';
import { SseTestClient } from './sse-test-client';

/*
 * GET /v1/events/stream over real HTTP against the API in a child process (docs/decisions/0004).
 * The log is seeded through the bounded contexts' execute functions from this process, on the
 * app's own events.db (the app sees another process's appends by polling, within 200 ms).
 */

jest.setTimeout(90_000);

const SERVICE = tokenFor({ kind: 'service', tid: 'billing', sub: 'billing-sync', roles: ['reader'] });
const AUDITOR = tokenFor({ kind: 'auditor', tid: 'compliance', sub: 'auditor-1', roles: ['auditor'] });
const PROGRAM = tokenFor({ kind: 'program', tid: 'program', sub: 'reviewer-1', roles: ['reviewer'] });

interface Envelope {
  position: string;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recordedAt: string;
}

let app: AppProcess;
let seed: LedgerSeed;
let seeded: RecordedEvent[];
const streams: SseTestClient[] = [];

/** Opens a stream and remembers it, so every test's streams are closed afterwards. */
async function open(options: Parameters<typeof SseTestClient.open>[1] = {}): Promise<SseTestClient> {
  const stream = await SseTestClient.open(app.url, { token: SERVICE, ...options });
  streams.push(stream);
  return stream;
}

/** Opens a stream and waits until the server has started it (its opening comment arrived). */
async function openStarted(options: Parameters<typeof SseTestClient.open>[1] = {}): Promise<SseTestClient> {
  const stream = await open(options);
  expect(stream.status).toBe(200);
  await stream.waitFor((s) => s.comments.some((comment) => comment.startsWith('stream open after position')), 'the opening comment');
  return stream;
}

/** A story touching every aggregate: partnership, customer with DAP, removal (retained DAP), revocation, subscription. */
async function seedStory(): Promise<void> {
  const provider = await seed.partner({ partnerType: 'indirect-provider' });
  const reseller = await seed.partner({ partnerType: 'indirect-reseller' });
  await seed.partnership(provider.partnerId, reseller.partnerId);
  const customerId = await seed.customer();
  await seed.relationship(customerId, reseller.partnerId, { dap: true });
  await seed.removeRelationship(customerId, reseller.partnerId);
  await executeRevokeDelegatedAdminPrivileges(seed.store, {
    type: 'RevokeDelegatedAdminPrivileges',
    data: { customerId, partnerId: reseller.partnerId },
    context: seedContext(customerAdminActor(customerId)),
  });
  const subscriptionId = randomUUID();
  await executeRecordSubscription(seed.store, {
    type: 'RecordSubscription',
    data: { subscriptionId, customerId, offer: 'Azure plan', billing: 'usage', channel: 'direct' },
    context: seedContext(SEED_PROGRAM_ACTOR),
  });
  await executeCancelSubscription(seed.store, { type: 'CancelSubscription', data: { subscriptionId }, context: seedContext(customerAdminActor(customerId)) });
  await executeEndPartnership(seed.store, {
    type: 'EndPartnership',
    data: { providerId: provider.partnerId, resellerId: reseller.partnerId, reason: 'Contract over' },
    context: seedContext(partnerActor(reseller.partnerId)),
  });
}

beforeAll(async () => {
  app = await startApp({ env: { LEDGER_JWT_SECRET: TEST_JWT_SECRET, LEDGER_SSE_HEARTBEAT_MS: '250', LEDGER_SSE_BATCH: '7' } });
  seed = LedgerSeed.open(app.dataDir);
  await seedStory();
  seeded = await seed.store.readAll();
});

afterEach(() => {
  streams.splice(0).forEach((stream) => stream.close());
});

afterAll(async () => {
  await seed?.close();
  await app?.stop();
});

describe('who may follow the log', () => {
  it('no token: 401; partner and customer actors: 403 forbidden; service, auditor and program: 200 text/event-stream', async () => {
    const anonymous = await SseTestClient.open(app.url);
    expect(anonymous.status).toBe(401);
    await anonymous.waitForEnd();
    expect(JSON.parse(anonymous.body)).toMatchObject({ code: 'unauthenticated' });

    for (const actor of [
      { kind: 'partner', tid: randomUUID(), sub: 'u', roles: ['global-admin'] },
      { kind: 'customer', tid: randomUUID(), sub: 'c', roles: ['global-admin'] },
    ]) {
      const refused = await SseTestClient.open(app.url, { token: tokenFor(actor) });
      expect(refused.status).toBe(403);
      await refused.waitForEnd();
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'forbidden' });
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }

    for (const token of [SERVICE, AUDITOR, PROGRAM]) {
      const stream = await openStarted({ token });
      expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(stream.headers['cache-control']).toBe('no-cache, no-transform');
      expect(stream.headers['x-correlation-id']).toBeDefined();
    }
    const stats = await client(app.url).get('/v1/events/stream/stats', { token: tokenFor({ kind: 'partner', tid: randomUUID(), sub: 'u' }) });
    expect(stats.status).toBe(403);
  });

  it('HEAD answers what a GET would, headers only, and ends (it does not open an endless stream)', async () => {
    const head = await open({ method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(head.headers['cache-control']).toBe('no-cache, no-transform');
    expect(head.headers['x-content-type-options']).toBe('nosniff');
    await head.waitForEnd();
    expect({ body: head.body, messages: head.messages.length, comments: head.comments.length }).toEqual({ body: '', messages: 0, comments: 0 });

    const refused = await open({ method: 'HEAD', token: tokenFor({ kind: 'partner', tid: randomUUID(), sub: 'u', roles: ['global-admin'] }) });
    expect(refused.status).toBe(403);
    await refused.waitForEnd();
    const malformed = await open({ method: 'HEAD', query: 'from=-1' });
    expect(malformed.status).toBe(400);
    await malformed.waitForEnd();
  });

  it('a malformed query or Last-Event-ID is 400 validation-failed (checked before the actor)', async () => {
    const partner = tokenFor({ kind: 'partner', tid: randomUUID(), sub: 'u', roles: ['global-admin'] });
    const cases: Array<[Parameters<typeof SseTestClient.open>[1], string]> = [
      [{ query: 'types=ResellerRelationshipEstablished,NoSuchEvent' }, 'types'],
      [{ query: 'categories=customer,invoice' }, 'categories'],
      [{ query: 'from=yesterday' }, 'from'],
      [{ query: 'from=-1' }, 'from'],
      [{ lastEventId: 'abc' }, 'Last-Event-ID'],
      [{ token: partner, query: 'types=Nope' }, 'types'],
    ];
    for (const [options, field] of cases) {
      const refused = await SseTestClient.open(app.url, { token: SERVICE, ...options });
      await refused.waitForEnd();
      expect(refused.status).toBe(400);
      const body = JSON.parse(refused.body) as { code: string; errors: Array<{ field: string }> };
      expect(body.code).toBe('validation-failed');
      expect(body.errors.map((error) => error.field)).toContain(field);
    }
  });
});

describe('replay, then live', () => {
  it('from the start (the default): every event in log order, id = position, event = type, data = the envelope', async () => {
    const stream = await open();
    await stream.waitForMessages(seeded.length);
    const envelopes = stream.envelopes<Envelope>().slice(0, seeded.length);
    expect(envelopes.map((envelope) => envelope.position)).toEqual(seeded.map((event) => String(event.position)));
    expect(stream.ids().slice(0, seeded.length)).toEqual(seeded.map((event) => String(event.position)));
    expect(stream.messages.slice(0, seeded.length).map((message) => message.event)).toEqual(seeded.map((event) => event.type));
    const first = seeded[0]!;
    expect(envelopes[0]).toEqual({
      position: String(first.position),
      streamId: first.streamId,
      revision: first.revision,
      eventId: first.id,
      type: first.type,
      data: first.data,
      metadata: first.metadata,
      recordedAt: first.recordedAt,
    });
    expect(stream.comments[0]).toBe('stream open after position 0');
  });

  it('from a position (exclusive) and from=end', async () => {
    const middle = seeded[9]!.position;
    const fromMiddle = await open({ query: `from=${middle}` });
    await fromMiddle.waitForMessages(seeded.length - 10);
    expect(fromMiddle.ids()).toEqual(seeded.slice(10).map((event) => String(event.position)));

    const fromEnd = await openStarted({ query: 'from=end' });
    const head = await seed.store.headPosition();
    expect(fromEnd.comments[0]).toBe(`stream open after position ${head}`);
    const customerId = await seed.customer();
    await fromEnd.waitForMessages(1);
    // RegisterCustomer appends CustomerTenantRegistered (tenant registry) then CustomerRegistered.
    await fromEnd.waitForMessages(2);
    expect(fromEnd.envelopes<Envelope>().slice(0, 2)).toMatchObject([
      { type: 'CustomerTenantRegistered', streamId: `tenant-${customerId}`, position: String(head + 1) },
      { type: 'CustomerRegistered', streamId: `customer-${customerId}`, position: String(head + 2) },
    ]);
  });

  it('stays live: events appended after the replay arrive in order, with none missing or repeated', async () => {
    const stream = await open();
    await stream.waitForMessages(seeded.length);
    const before = await seed.store.headPosition();
    const customerId = await seed.customer();
    const partner = await seed.partner();
    await seed.relationship(customerId, partner.partnerId, { dap: true });
    const appended = await seed.store.readAll({ after: before });
    const all = await seed.store.readAll();
    await stream.waitFor((s) => s.ids().includes(String(appended.at(-1)!.position)), 'the live events');
    expect(stream.ids()).toEqual(all.filter((event) => event.position <= appended.at(-1)!.position).map((event) => String(event.position)));
    expect(new Set(stream.ids()).size).toBe(stream.ids().length);
  });

  it('resumes with Last-Event-ID at exactly the next event', async () => {
    const first = await open();
    await first.waitForMessages(12);
    const lastSeen = first.ids()[11]!;
    first.close();

    const resumed = await open({ lastEventId: lastSeen, query: 'from=end' });
    await resumed.waitForMessages(3);
    const all = await seed.store.readAll({ after: Number(lastSeen), maxCount: 3 });
    expect(resumed.ids().slice(0, 3)).toEqual(all.map((event) => String(event.position)));
    expect(resumed.comments[0]).toBe(`stream open after position ${lastSeen}`);
  });

  it('sends a comment heartbeat while idle (LEDGER_SSE_HEARTBEAT_MS=250 here; 15 s by default)', async () => {
    const stream = await openStarted({ query: 'from=end' });
    await stream.waitFor((s) => s.comments.filter((comment) => comment === 'heartbeat').length >= 2, 'two heartbeats', 5_000);
    expect(stream.messages).toEqual([]);
  });
});

describe('filters', () => {
  it('types= keeps only those event types, in log order', async () => {
    const wanted = ['ResellerRelationshipEstablished', 'CustomerRelationshipRemoved', 'DelegatedAdminPrivilegesGranted', 'DelegatedAdminPrivilegesRevoked'];
    const expected = (await seed.store.readAll()).filter((event) => wanted.includes(event.type));
    expect(expected.length).toBeGreaterThanOrEqual(4);
    const stream = await open({ query: `types=${wanted.join(',')}` });
    await stream.waitForMessages(expected.length);
    expect(stream.ids()).toEqual(expected.map((event) => String(event.position)));
  });

  it('categories= keeps only streams of those categories; combined with types= both must match', async () => {
    const log = await seed.store.readAll();
    const partnerships = log.filter((event) => event.streamId.startsWith('partnership-'));
    const byCategory = await open({ query: 'categories=partnership' });
    await byCategory.waitForMessages(partnerships.length);
    expect(byCategory.ids()).toEqual(partnerships.map((event) => String(event.position)));
    // `partner` is not a prefix match: partnership-* streams are another category.
    const partners = log.filter((event) => event.streamId.startsWith('partner-'));
    const partnerCategory = await open({ query: 'categories=partner' });
    await partnerCategory.waitForMessages(partners.length);
    expect(partnerCategory.ids()).toEqual(partners.map((event) => String(event.position)));

    const both = await open({ query: 'categories=customer,subscription&types=CustomerRegistered,SubscriptionCancelled,PartnerUserAdded' });
    const expected = log.filter((event) => ['CustomerRegistered', 'SubscriptionCancelled'].includes(event.type));
    await both.waitForMessages(expected.length);
    expect(both.ids()).toEqual(expected.map((event) => String(event.position)));
  });
});

describe('the contract', () => {
  it('every emitted event validates against the envelope schema and its type’s JSON Schema (in its current version)', async () => {
    const stream = await open();
    const head = await seed.store.headPosition();
    await stream.waitFor((s) => s.ids().includes(String(head)), 'the whole log');
    const validator = new ContractValidator();
    const envelopes = stream.envelopes<Envelope>();
    const problems = envelopes.flatMap((envelope) => validator.problemsOf(envelope).map((problem) => `${envelope.type}@${envelope.position}: ${problem}`));
    expect(problems).toEqual([]);
    expect(new Set(envelopes.map((envelope) => envelope.type)).size).toBeGreaterThanOrEqual(18);
    // CustomerRegistered is written in its current version (2) and delivered as written.
    const registered = envelopes.find((envelope) => envelope.type === 'CustomerRegistered')!;
    expect(registered.metadata.schemaVersion).toBe(2);
    expect(registered.data.registeredBy).toBe('customer');
    const stored = seeded.find((event) => event.type === 'CustomerRegistered')!;
    expect(stored.metadata.schemaVersion).toBe(2);
  });

  it('GET /asyncapi.json is public and names the host it was fetched from; /openapi.json documents the stream', async () => {
    const document = await client(app.url).get('/asyncapi.json');
    expect(document.status).toBe(200);
    expect(document.body.asyncapi).toBe('3.0.0');
    expect(document.body.servers.ledger.host).toBe(new URL(app.url).host);
    expect(document.body.channels.events.address).toBe('/v1/events/stream');
    const openApi = await client(app.url).get('/openapi.json');
    expect(openApi.body.paths['/v1/events/stream'].get.operationId).toBe('SubscribeToEvents');
    expect(Object.keys(openApi.body.paths['/v1/events/stream'].get.responses['200'].content)).toEqual(['text/event-stream']);
  });
});

describe('many subscribers', () => {
  it('50 concurrent subscribers all receive the same events in the same order, from one shared live feed', async () => {
    const subscribers = await Promise.all(Array.from({ length: 50 }, (_, i) => openStarted({ query: 'from=end', token: i % 2 === 0 ? SERVICE : AUDITOR })));
    const before = await seed.store.headPosition();
    const statsBefore = (await client(app.url).get('/v1/events/stream/stats', { token: AUDITOR })).body;
    expect(statsBefore.hub.members).toBeGreaterThanOrEqual(50);

    for (let i = 0; i < 5; i += 1) {
      const customerId = await seed.customer();
      const partner = await seed.partner();
      await seed.relationship(customerId, partner.partnerId, { dap: i % 2 === 0 });
    }
    const appended = (await seed.store.readAll({ after: before })).map((event) => String(event.position));
    expect(appended.length).toBeGreaterThan(40);
    await Promise.all(subscribers.map((subscriber) => subscriber.waitForMessages(appended.length)));
    for (const subscriber of subscribers) expect(subscriber.ids()).toEqual(appended);

    const statsAfter = (await client(app.url).get('/v1/events/stream/stats', { token: PROGRAM })).body;
    // The store was read once per new event for all of them, not once per subscriber.
    expect(statsAfter.hub.eventsSeen - statsBefore.hub.eventsSeen).toBe(appended.length);
    expect(statsAfter.hub.overflows).toBe(statsBefore.hub.overflows);
    expect(statsAfter.totals.open).toBeGreaterThanOrEqual(50);
  });
});
