import { randomUUID } from 'node:crypto';
import { type AppProcess, startApp } from '../../apps/ledger-api/test/support/app-process';
import { AUDITOR_ACTOR, latest, ReadSeed } from '../../apps/ledger-api/test/queries/support/read-scenario';
import { type TestActor, tokenFor } from '../../apps/ledger-api/test/support/tokens';
import type { SeededPartner, SeededUser } from '../support/ledger-seed';
import { EventLogReader } from './support/event-log';
import { type ApiOperation, fetchOpenApi, fillPath, operationsOf } from './support/openapi';
import { closeRawHttp, rawRequest, type RawResponse } from './support/raw-http';
import { RELIABILITY_ENV, reportFigure } from './support/settings';

/*
 * Tenant isolation (issue 9, domain §2: "a partner never sees another partner's customers,
 * relationships, grants, invitations or users — not even on a customer they share").
 *
 * A scenario with two direct partners sharing one customer (X), a customer of only one of them
 * (Y, with a retained DAP grant and an open request), and a two-tier pair (indirect provider and
 * reseller) with a customer of their own (W). Then EVERY read route of /openapi.json is called by
 * a matrix of actors, with every path id and the query filters that name tenants. Each answer must
 * be a refusal (401/403/404) or a 200 whose JSON holds no id or email the actor may not see. The
 * ids a request names itself are not counted when they come back (refusals quote them). A path
 * naming a tenant the actor may not see must be refused outright. A GET route the matrix does not
 * know fails the suite, so a new read endpoint cannot skip this check.
 */

jest.setTimeout(300_000);

type EntityKind = 'partner' | 'customer';

/** How the matrix calls one GET route. */
interface RouteCoverage {
  /** What each path parameter names. */
  readonly pathParams: Readonly<Record<string, EntityKind>>;
  /** Query strings to try (each with a leading `?`, or ''). */
  readonly queries: (world: World) => readonly string[];
  /** domain §2: `service` reads the event stream, the audit log and authorization checks. */
  readonly serviceMayRead: boolean;
  /** Whether answers carry tenant data at all (an overseer must then find some: the positive control). */
  readonly carriesTenantData: boolean;
}

/** The tenants of the scenario and what everyone's ids are. */
interface World {
  readonly partners: readonly string[];
  readonly customers: readonly string[];
  readonly userIdOf: (partner: SeededPartner) => string;
  readonly head: string;
}

const ACTIONS = ['submit-order', 'administer-tenant'] as const;

/** Every GET route of the API, and how it is covered. */
const MATRIX: Readonly<Record<string, RouteCoverage>> = {
  '/v1/partners': { pathParams: {}, queries: () => ['', '?type=direct-provider', '?status=approved&cloud=global'], serviceMayRead: false, carriesTenantData: true },
  '/v1/partners/{partnerId}': { pathParams: { partnerId: 'partner' }, queries: () => [''], serviceMayRead: false, carriesTenantData: true },
  '/v1/partners/{resellerId}/indirect-providers': { pathParams: { resellerId: 'partner' }, queries: () => ['', '?status=active'], serviceMayRead: false, carriesTenantData: true },
  '/v1/partners/{providerId}/indirect-resellers': { pathParams: { providerId: 'partner' }, queries: () => [''], serviceMayRead: false, carriesTenantData: true },
  '/v1/partners/{partnerId}/partnership-invitations': { pathParams: { partnerId: 'partner' }, queries: () => ['', '?status=open'], serviceMayRead: false, carriesTenantData: true },
  '/v1/partners/{partnerId}/customers': { pathParams: { partnerId: 'partner' }, queries: () => [''], serviceMayRead: false, carriesTenantData: true },
  '/v1/partners/{resellerId}/indirect-providers/{providerId}/customers': {
    pathParams: { resellerId: 'partner', providerId: 'partner' },
    queries: () => [''],
    serviceMayRead: false,
    carriesTenantData: true,
  },
  '/v1/customers/{customerId}': {
    pathParams: { customerId: 'customer' },
    queries: (world) => ['', `?asOf=${encodeURIComponent(new Date().toISOString())}`, `?atPosition=${world.head}`],
    serviceMayRead: false,
    carriesTenantData: true,
  },
  '/v1/customers/{customerId}/history': { pathParams: { customerId: 'customer' }, queries: () => [''], serviceMayRead: false, carriesTenantData: true },
  '/v1/customers/{customerId}/subscriptions': { pathParams: { customerId: 'customer' }, queries: () => ['', '?status=active'], serviceMayRead: false, carriesTenantData: true },
  '/v1/dap-grants': {
    pathParams: {},
    queries: (world) => [
      '',
      '?status=retained',
      '?status=revoked',
      ...world.partners.map((partnerId) => `?partnerId=${partnerId}`),
      ...world.customers.map((customerId) => `?customerId=${customerId}`),
    ],
    serviceMayRead: false,
    carriesTenantData: true,
  },
  '/v1/authorizations/check': {
    pathParams: {},
    queries: (world) =>
      world.partners.flatMap((partnerId) =>
        world.customers.flatMap((customerId) => ACTIONS.map((action) => `?partnerId=${partnerId}&customerId=${customerId}&action=${action}`)),
      ),
    serviceMayRead: true,
    // Answers name only the pair asked about, plus event types and positions: who may ASK is what
    // isolates it (the own-tenant query rule below), not what the body holds.
    carriesTenantData: false,
  },
  '/v1/audit/events': {
    pathParams: {},
    queries: (world) => [
      '',
      ...world.partners.map((partnerId) => `?partnerId=${partnerId}`),
      ...world.customers.map((customerId) => `?customerId=${customerId}`),
      '?type=DelegatedAdminPrivilegesGranted',
    ],
    serviceMayRead: true,
    carriesTenantData: true,
  },
  // The live log: service, auditor, program only. Its answer is an endless stream, cut after the headers.
  '/v1/events/stream': { pathParams: {}, queries: () => ['?from=start'], serviceMayRead: true, carriesTenantData: false },
  '/v1/events/stream/stats': { pathParams: {}, queries: () => [''], serviceMayRead: true, carriesTenantData: false },
  // Tamper evidence (being added in parallel): the auditor's; listed so the matrix covers it once it is published.
  '/v1/audit/verification': { pathParams: {}, queries: () => [''], serviceMayRead: false, carriesTenantData: false },
};

/** An actor of the matrix: who, and which ids/emails it may see. */
interface MatrixActor {
  readonly name: string;
  readonly token: string;
  readonly kind: string;
  /** The token's `tid`, lower-cased. */
  readonly tenantId: string;
  /** Lower-cased ids and emails of the universe this actor may see. */
  readonly sees: ReadonlySet<string>;
  /** It may read nothing at all (expired token, unrecorded or removed user, unenrolled partner). */
  readonly deniedEverything?: 401 | 403;
}

interface Leak {
  readonly actor: string;
  readonly url: string;
  readonly status: number;
  readonly why: string;
}

describe('tenant isolation: every read endpoint, a matrix of actors, no foreign data', () => {
  let app: AppProcess;
  let seed: ReadSeed;
  let operations: ApiOperation[];
  /** Lower-cased id or email → whose it is, for leak reports. */
  const universe = new Map<string, string>();
  const actors: MatrixActor[] = [];
  let world: World;
  const leaks: Leak[] = [];
  let requestsMade = 0;

  afterAll(async () => {
    closeRawHttp();
    await app?.stop();
  });

  beforeAll(async () => {
    app = await startApp({ env: RELIABILITY_ENV });
    seed = new ReadSeed(app.url);
    operations = operationsOf(await fetchOpenApi(app.url));

    // Two direct partners sharing customer X; Y is P2's alone; W belongs to a two-tier pair.
    const [p1, p2, pair] = await Promise.all([
      seed.approvedPartner({ partnerType: 'direct-provider', name: 'Partner One' }),
      seed.approvedPartner({ partnerType: 'direct-provider', name: 'Partner Two' }),
      seed.linkedPair(),
    ]);
    const { provider, reseller } = pair;
    const p1Helpdesk = await seed.addUser(p1, ['helpdesk-agent']);
    const p1Removed = await seed.addUser(p1, ['sales-agent']);
    await seed.removeUser(p1, p1Removed);
    const p2Seller = await seed.addUser(p2, ['sales-agent']);
    const providerBilling = await seed.addUser(provider, ['billing-admin']);
    const resellerSeller = await seed.addUser(reseller, ['sales-agent']);

    const { customerId: x } = await seed.registerCustomer(undefined, { companyName: 'Shared Customer X' });
    const { customerId: y } = await seed.registerCustomer(undefined, { companyName: 'Partner Two Customer Y' });
    const { customerId: w } = await seed.registerCustomer(undefined, { companyName: 'Two-tier Customer W' });
    const x1 = await seed.request(p1, x, { dap: true });
    await seed.accept(x, x1.requestId);
    const x2 = await seed.request(p2, x, { dap: true });
    await seed.accept(x, x2.requestId);
    const s1 = await seed.recordSubscription(x, { partnerOfRecord: p1 });
    const s2 = await seed.recordSubscription(x, { partnerOfRecord: p2 });
    const y1 = await seed.request(p2, y, { dap: true });
    await seed.accept(y, y1.requestId);
    const s3 = await seed.recordSubscription(y, { partnerOfRecord: p2 });
    await seed.removeRelationship(p2, y); // P2 keeps DAP on Y: a retained grant
    const yOpen = await seed.request(p2, y, { dap: false });
    const w1 = await seed.request(reseller, w, { dap: true, indirectProviderId: provider.partnerId });
    await seed.accept(w, w1.requestId);
    const s4 = await seed.recordSubscription(w, { partnerOfRecord: reseller });
    const last = await seed.delegateManagement(w, s4.subscriptionId, reseller);

    const invitationId = pair.partnership.invitationId;
    const users = (partner: SeededPartner, extra: readonly SeededUser[]): string[] => [
      partner.admin.userId,
      partner.admin.email,
      `support@p-${partner.partnerId.slice(0, 8)}.example`,
      ...extra.flatMap((user) => [user.userId, user.email]),
    ];
    const name = (label: string, values: readonly string[]): string[] => {
      values.forEach((value) => universe.set(value.toLowerCase(), label));
      return values.map((value) => value.toLowerCase());
    };
    const P1 = name('partner P1', [p1.partnerId]);
    const P1Users = name('a user of P1', users(p1, [p1Helpdesk, p1Removed]));
    const P2 = name('partner P2', [p2.partnerId]);
    const P2Users = name('a user of P2', users(p2, [p2Seller]));
    const IP = name('indirect provider IP', [provider.partnerId]);
    const IPUsers = name('a user of IP', users(provider, [providerBilling]));
    const R = name('indirect reseller R', [reseller.partnerId]);
    const RUsers = name('a user of R', users(reseller, [resellerSeller]));
    const X = name('customer X', [x]);
    const Y = name('customer Y', [y]);
    const W = name('customer W', [w]);
    const P1Requests = name("P1's request to X", [x1.requestId]);
    const P2Requests = name("P2's requests", [x2.requestId, y1.requestId, yOpen.requestId]);
    const RRequests = name("R and IP's request to W", [w1.requestId]);
    const S1 = name("P1's subscription on X", [s1.subscriptionId]);
    const S2 = name("P2's subscription on X", [s2.subscriptionId]);
    const S3 = name("P2's subscription on Y", [s3.subscriptionId]);
    const S4 = name("R's subscription on W", [s4.subscriptionId]);
    const INVITATION = name("IP's invitation of R", [invitationId]);

    world = {
      partners: [p1.partnerId, p2.partnerId, provider.partnerId, reseller.partnerId],
      customers: [x, y, w],
      userIdOf: (partner) => partner.admin.userId,
      head: latest(last.position),
    };

    // A customer's history shows who acted on its tenant (api.md: items carry the actor).
    const log = EventLogReader.ofDataDir(app.dataDir);
    const actorsOn = (customerId: string): string[] =>
      log.stream(`customer-${customerId}`).map((event) => String(event.metadata.actor?.userId ?? '').toLowerCase());
    const actorsOnX = actorsOn(x);
    const actorsOnY = actorsOn(y);
    const actorsOnW = actorsOn(w);
    log.close();

    const p1Sees = [...P1, ...P1Users, ...X, ...P1Requests, ...S1];
    const p2Sees = [...P2, ...P2Users, ...X, ...Y, ...P2Requests, ...S2, ...S3];
    const ipSees = [...IP, ...IPUsers, ...R, ...W, ...RRequests, ...INVITATION];
    const rSees = [...R, ...RUsers, ...IP, ...W, ...RRequests, ...INVITATION, ...S4];
    const partnerActor = (partner: SeededPartner, user: SeededUser): TestActor => ({ kind: 'partner', tid: partner.partnerId, sub: user.userId, roles: [...user.roles] });
    // Everyone may see its own identity (refusals quote the actor's own user id).
    const add = (actor: Omit<MatrixActor, 'sees' | 'tenantId'> & { sees: readonly string[] }): void => {
      const claims = JSON.parse(Buffer.from(actor.token.split('.')[1]!, 'base64url').toString()) as { sub: string; tid: string };
      const tenantId = claims.tid.toLowerCase();
      actors.push({ ...actor, tenantId, sees: new Set([...actor.sees, claims.sub.toLowerCase(), tenantId]) });
    };
    add({ name: 'P1 global admin', kind: 'partner', token: p1.admin.token, sees: p1Sees });
    add({ name: 'P1 helpdesk agent (no admin or seller role)', kind: 'partner', token: seed.tokenFor(partnerActor(p1, p1Helpdesk)), sees: p1Sees });
    add({ name: 'P2 sales agent', kind: 'partner', token: seed.tokenFor(partnerActor(p2, p2Seller)), sees: p2Sees });
    add({ name: 'IP billing admin', kind: 'partner', token: seed.tokenFor(partnerActor(provider, providerBilling)), sees: ipSees });
    add({ name: 'R global admin', kind: 'partner', token: reseller.admin.token, sees: rSees });
    add({ name: 'customer X admin', kind: 'customer', token: seed.customerToken(x), sees: [...X, ...P1, ...P2, ...P1Requests, x2.requestId, ...S1, ...S2, ...actorsOnX] });
    add({ name: 'customer Y admin', kind: 'customer', token: seed.customerToken(y), sees: [...Y, ...P2, y1.requestId, yOpen.requestId, ...S3, ...actorsOnY] });
    add({ name: 'customer W admin', kind: 'customer', token: seed.customerToken(w), sees: [...W, ...R, ...IP, ...RRequests, ...S4, ...actorsOnW] });
    add({ name: 'an unregistered customer', kind: 'customer', token: seed.customerToken(randomUUID()), sees: [] });
    add({
      name: 'P1 user the ledger never recorded (token claims global-admin)',
      kind: 'partner',
      token: seed.tokenFor({ kind: 'partner', tid: p1.partnerId, sub: randomUUID(), roles: ['global-admin'] }),
      sees: [],
      deniedEverything: 403,
    });
    add({ name: 'P1 user who was removed', kind: 'partner', token: p1Removed.token, sees: [], deniedEverything: 403 });
    add({
      name: 'a partner user of a tenant that never enrolled',
      kind: 'partner',
      token: seed.tokenFor({ kind: 'partner', tid: randomUUID(), sub: randomUUID(), roles: ['global-admin'] }),
      sees: [],
      deniedEverything: 403,
    });
    add({ name: 'P1 global admin, expired token', kind: 'expired', token: tokenFor(p1.admin.actor, { expiresInSeconds: -30 }), sees: [], deniedEverything: 401 });
    add({ name: 'service (reader)', kind: 'service', token: seed.service, sees: [...universe.keys()] });
  });

  /** Ids and emails of the universe in a text, minus those the request itself named. */
  function foreignIn(text: string, actor: MatrixActor, url: string): string[] {
    const haystack = text.toLowerCase();
    const named = url.toLowerCase();
    return [...universe.keys()].filter((token) => !actor.sees.has(token) && !named.includes(token) && haystack.includes(token));
  }

  /** Every URL the matrix calls for a route: each path id (plus an unknown one) × each query. */
  function urlsFor(template: string, coverage: RouteCoverage): { url: string; pathIds: string[] }[] {
    const candidates = (kind: EntityKind): string[] => [...(kind === 'partner' ? world.partners : world.customers), randomUUID()];
    let fillings: { segments: Record<string, string>; pathIds: string[] }[] = [{ segments: {}, pathIds: [] }];
    for (const [param, kind] of Object.entries(coverage.pathParams)) {
      fillings = fillings.flatMap((filling) =>
        candidates(kind).map((id) => ({ segments: { ...filling.segments, [param]: id }, pathIds: [...filling.pathIds, id.toLowerCase()] })),
      );
    }
    return fillings.flatMap((filling) => coverage.queries(world).map((query) => ({ url: `${fillPath(template, filling.segments)}${query}`, pathIds: filling.pathIds })));
  }

  async function get(url: string, token: string | undefined): Promise<RawResponse> {
    requestsMade += 1;
    return rawRequest(app.url, { method: 'GET', path: url, headers: token ? [['authorization', `Bearer ${token}`]] : [] });
  }

  /** Runs the tasks with a few at a time. */
  async function inParallel<T>(tasks: readonly (() => Promise<T>)[], width = 6): Promise<T[]> {
    const results: T[] = new Array(tasks.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < tasks.length) {
          const index = next++;
          results[index] = await tasks[index]!();
        }
      }),
    );
    return results;
  }

  it('covers every GET route of /openapi.json (a new read endpoint must be added to the matrix)', () => {
    const ledgerReads = operations.filter((operation) => operation.isLedgerRead).map((operation) => operation.path);
    expect(ledgerReads.length).toBeGreaterThanOrEqual(14);
    expect(ledgerReads.filter((route) => !(route in MATRIX))).toEqual([]);
  });

  it('public GET routes (health, AsyncAPI) carry no tenant data', async () => {
    const publicReads = operations.filter((operation) => operation.method === 'GET' && !operation.isLedgerRead);
    expect(publicReads.length).toBeGreaterThan(0);
    const nobody: MatrixActor = { name: 'anonymous', kind: 'anonymous', token: '', tenantId: '', sees: new Set() };
    for (const operation of publicReads) {
      const result = await get(operation.path, undefined);
      expect(result.status).toBeLessThan(500);
      const found = foreignIn(result.text, nobody, operation.path);
      if (found.length > 0) leaks.push({ actor: 'anonymous', url: operation.path, status: result.status, why: found.map((t) => universe.get(t)).join(', ') });
    }
  });

  it('an overseer finds tenant data on every route that carries it (the matrix is not vacuous)', async () => {
    const auditor = seed.tokenFor(AUDITOR_ACTOR);
    const routes = operations.filter((operation) => operation.isLedgerRead && MATRIX[operation.path]?.carriesTenantData);
    for (const operation of routes) {
      const coverage = MATRIX[operation.path]!;
      const answers = await inParallel(urlsFor(operation.path, coverage).map(({ url }) => async () => ({ url, result: await get(url, auditor) })));
      const found = new Set<string>();
      for (const { url, result } of answers) {
        expect({ url, serverError: result.status >= 500 }).toEqual({ url, serverError: false });
        if (result.status === 200) foreignIn(result.text, { name: 'auditor', kind: 'auditor', token: auditor, tenantId: '', sees: new Set() }, url).forEach((token) => found.add(token));
      }
      expect({ route: operation.path, foundTenantData: found.size > 0 }).toEqual({ route: operation.path, foundTenantData: true });
    }
  });

  it('no actor reads data that is not theirs, on any read route', async () => {
    const routes = operations.filter((operation) => operation.isLedgerRead);
    const unexpected: string[] = [];
    for (const actor of actors) {
      const tasks = routes.flatMap((operation) => {
        const coverage = MATRIX[operation.path]!;
        return urlsFor(operation.path, coverage).map(({ url, pathIds }) => async () => {
          const result = await get(url, actor.token);
          const denied = [401, 403, 404].includes(result.status);
          if (![200, 401, 403, 404].includes(result.status)) unexpected.push(`${actor.name} GET ${url}: ${result.status} ${result.text.slice(0, 200)}`);
          if (actor.deniedEverything !== undefined && result.status !== actor.deniedEverything) {
            if (!denied) leaks.push({ actor: actor.name, url, status: result.status, why: 'answered although this actor may read nothing' });
            else if (actor.deniedEverything === 401) unexpected.push(`${actor.name} GET ${url}: ${result.status} instead of 401`);
          }
          if (actor.kind === 'service' && !coverage.serviceMayRead && !denied) {
            leaks.push({ actor: actor.name, url, status: result.status, why: 'a service may not read this route (domain §2)' });
          }
          const foreignPath = pathIds.filter((id) => universe.has(id) && !actor.sees.has(id));
          if (foreignPath.length > 0 && !denied) {
            leaks.push({ actor: actor.name, url, status: result.status, why: `answered about ${foreignPath.map((id) => universe.get(id)).join(', ')}` });
          }
          // domain §2: a partner acts (and asks) only for its own partner id, a customer only for its own tenant.
          const ownTenantParam = actor.kind === 'partner' ? 'partnerId' : actor.kind === 'customer' ? 'customerId' : undefined;
          const named = ownTenantParam ? new URL(url, 'http://matrix').searchParams.get(ownTenantParam) : null;
          if (named !== null && named.toLowerCase() !== actor.tenantId && !denied) {
            leaks.push({ actor: actor.name, url, status: result.status, why: `answered about another ${actor.kind}'s ${ownTenantParam}` });
          }
          const found = foreignIn(result.text, actor, url);
          if (found.length > 0) leaks.push({ actor: actor.name, url, status: result.status, why: `body names ${[...new Set(found.map((t) => universe.get(t)))].join(', ')}` });
        });
      });
      await inParallel(tasks);
    }
    reportFigure('tenant-isolation', { actors: actors.length, routes: routes.length, requestsMade, leaksFound: leaks.length });
    expect(unexpected).toEqual([]);
    expect(leaks).toEqual([]);
  });
});
