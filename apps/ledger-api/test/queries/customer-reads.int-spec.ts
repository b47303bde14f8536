import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { expectProblem, type SeededPartner } from '../../../../test/support/ledger-seed';
import { type AppProcess, startApp } from '../support/app-process';
import { TEST_JWT_SECRET } from '../support/tokens';
import { latest, PROGRAM_ACTOR, ReadSeed, SERVICE_ACTOR } from './support/read-scenario';

/*
 * Customer-side reads over HTTP (api.md, Reads) around the story the ledger exists for: a partner
 * removes its reseller relationship with a customer while keeping delegated admin access (a retained
 * DAP grant). Customer lists, the shared list of a reseller and its provider, the customer now and as
 * of before/after the removal, its history, subscriptions, DAP grants, the authorization check and
 * the audit trail — and for each, who may read it (domain §2).
 */

jest.setTimeout(120_000);

type Item = Record<string, unknown>;
const ids = (items: Item[], field: string): string[] => items.map((item) => item[field] as string);
const byId = (field: string) => (a: Item, b: Item) => ((a[field] as string) < (b[field] as string) ? -1 : 1);

describe('customer reads around a removal with retained DAP', () => {
  let app: AppProcess;
  let seed: ReadSeed;
  let direct: SeededPartner;
  let provider: SeededPartner;
  let reseller: SeededPartner;
  let stranger: SeededPartner;
  let outsider: SeededPartner;
  /** Alpine: direct (DAP), reseller (DAP) with provider, stranger's request open; direct removed later. */
  let alpine: string;
  /** Bellows: direct only. */
  let bellows: string;
  /** Coho: reseller only. */
  let coho: string;
  /** Elm: reseller with DAP, revoked by the customer. */
  let elm: string;
  let strangerRequestId: string;
  let subs: { direct: string; reseller: string; delegated: string };
  let beforeRemoval: string;
  let removal: { position: string; occurredAt: string; previousOccurredAt: string; registeredAt: string };
  let head: string;

  beforeAll(async () => {
    app = await startApp({ env: { LEDGER_JWT_SECRET: TEST_JWT_SECRET, LEDGER_RATE_LIMIT_PER_MINUTE: '1000000' } });
    seed = new ReadSeed(app.url);
    [direct, stranger, outsider, { provider, reseller }] = await Promise.all([
      seed.approvedPartner({ partnerType: 'direct-provider', name: 'Direct Co' }),
      seed.approvedPartner({ partnerType: 'direct-provider', name: 'Stranger Co' }),
      seed.approvedPartner({ partnerType: 'direct-provider', name: 'Outsider Co' }),
      seed.linkedPair(),
    ]);
    alpine = (await seed.registerCustomer(direct, { companyName: 'Alpine Ski House' })).customerId;
    await seed.relate(direct, alpine, { dap: true });
    await seed.relate(reseller, alpine, { dap: true, indirectProviderId: provider.partnerId });
    strangerRequestId = (await seed.request(stranger, alpine)).requestId;
    subs = {
      direct: (await seed.recordSubscription(alpine, { partnerOfRecord: direct })).subscriptionId,
      reseller: (await seed.recordSubscription(alpine, { partnerOfRecord: reseller, offer: 'Azure plan', billing: 'usage' })).subscriptionId,
      delegated: (await seed.recordSubscription(alpine, { channel: 'direct', offer: 'Dynamics 365' })).subscriptionId,
    };
    beforeRemoval = (await seed.delegateManagement(alpine, subs.delegated, direct)).position;
    const removed = await seed.removeRelationship(direct, alpine);

    bellows = (await seed.registerCustomer(undefined, { companyName: 'Bellows College' })).customerId;
    await seed.relate(direct, bellows);
    coho = (await seed.registerCustomer(reseller, { companyName: 'Coho Winery' })).customerId;
    await seed.relate(reseller, coho);
    elm = (await seed.registerCustomer(reseller, { companyName: 'Elm Street Bank' })).customerId;
    await seed.relate(reseller, elm, { dap: true });
    head = (await seed.revokeDap(elm, reseller.partnerId)).position;

    const history = (await seed.read(`/v1/customers/${alpine}/history?limit=1000`, seed.auditor)).body.items as Item[];
    const at = history.findIndex((event) => event.type === 'CustomerRelationshipRemoved');
    removal = {
      position: removed.position,
      occurredAt: history[at]!.occurredAt as string,
      previousOccurredAt: history[at - 1]!.occurredAt as string,
      registeredAt: history[0]!.occurredAt as string,
    };
    expect(history[at]!.position).toBe(removed.position);
    // The as-of tests need the removal to be strictly later than what came before it.
    expect(Date.parse(removal.previousOccurredAt)).toBeLessThan(Date.parse(removal.occurredAt));
  });
  afterAll(async () => {
    await app?.stop();
  });

  const unrecorded = (partner: SeededPartner) => seed.tokenFor({ kind: 'partner', tid: partner.partnerId, sub: randomUUID(), roles: ['global-admin'] });
  const refusedFor = async (path: string, tokens: string[], status = 403, code = 'forbidden') => {
    for (const token of tokens) {
      const result = await seed.read(path, token, head);
      expectProblem(result, status, code);
      expect(result.body).not.toHaveProperty('items');
    }
  };

  describe('GET /v1/partners/{partnerId}/customers', () => {
    it("lists the partner's active relationships only: the removed customer is gone from the remover's list", async () => {
      const directList = await seed.read(`/v1/partners/${direct.partnerId}/customers`, direct.admin.token, head);
      expect(directList.body).toEqual({
        items: [{ customerId: bellows, companyName: 'Bellows College', since: expect.any(String), delegatedAdmin: false }],
        nextCursor: null,
      });
    });

    it('pages the reseller’s customers by customer id, with its own DAP flag', async () => {
      const { pages, items } = await seed.allPages(`/v1/partners/${reseller.partnerId}/customers`, reseller.admin.token, 2, head);
      expect(pages.map((page) => page.length)).toEqual([2, 1]);
      expect(items).toEqual(
        [
          { customerId: alpine, companyName: 'Alpine Ski House', since: expect.any(String), delegatedAdmin: true },
          { customerId: coho, companyName: 'Coho Winery', since: expect.any(String), delegatedAdmin: false },
          { customerId: elm, companyName: 'Elm Street Bank', since: expect.any(String), delegatedAdmin: false },
        ].sort(byId('customerId')),
      );
    });

    it('refuses other partners, unrecorded users, customers and services; program reads; 404 for an unknown partner', async () => {
      const path = `/v1/partners/${reseller.partnerId}/customers`;
      await refusedFor(path, [provider.admin.token, direct.admin.token, unrecorded(reseller), seed.customerToken(alpine), seed.service]);
      expect((await seed.read(path, seed.program, head)).body.items).toHaveLength(3);
      expectProblem(await seed.read(`/v1/partners/${randomUUID()}/customers`, seed.program), 404, 'partner-not-found');
      expectProblem(await seed.read(path, seed.expiredToken(PROGRAM_ACTOR)), 401, 'unauthenticated');
    });
  });

  describe('GET /v1/partners/{resellerId}/indirect-providers/{providerId}/customers', () => {
    const path = () => `/v1/partners/${reseller.partnerId}/indirect-providers/${provider.partnerId}/customers`;

    it('lists the customers both serve; each side sees its own since and DAP flag', async () => {
      const asReseller = await seed.read(path(), reseller.admin.token, head);
      expect(asReseller.body).toEqual({ items: [{ customerId: alpine, companyName: 'Alpine Ski House', since: expect.any(String), delegatedAdmin: true }], nextCursor: null });
      const asProvider = await seed.read(path(), provider.admin.token, head);
      // The provider got no DAP through the combined invitation; it never sees the reseller's grant.
      expect(asProvider.body.items).toEqual([{ customerId: alpine, companyName: 'Alpine Ski House', since: expect.any(String), delegatedAdmin: false }]);
      expect((await seed.read(path(), seed.auditor, head)).body.items).toHaveLength(1);
    });

    it('refuses partners outside the pair, and a pair that never were partners', async () => {
      await refusedFor(path(), [direct.admin.token, unrecorded(provider), seed.customerToken(alpine), seed.service]);
      await refusedFor(`/v1/partners/${reseller.partnerId}/indirect-providers/${direct.partnerId}/customers`, [reseller.admin.token, direct.admin.token]);
      expectProblem(await seed.read(`/v1/partners/${reseller.partnerId}/indirect-providers/${randomUUID()}/customers`, seed.program), 404, 'partner-not-found');
    });
  });

  describe('GET /v1/customers/{customerId}', () => {
    it('shows the customer, program and auditor everything: active relationships, DAP grants with the retained one, open requests', async () => {
      const expected = {
        customerId: alpine,
        companyName: 'Alpine Ski House',
        domain: expect.any(String),
        country: 'US',
        cloud: 'global',
        relationships: [
          { partnerId: reseller.partnerId, since: expect.any(String) },
          { partnerId: provider.partnerId, since: expect.any(String) },
        ].sort(byId('partnerId')),
        dapGrants: [
          { partnerId: direct.partnerId, grantedAt: expect.any(String), relationshipActive: false },
          { partnerId: reseller.partnerId, grantedAt: expect.any(String), relationshipActive: true },
        ].sort(byId('partnerId')),
        openRequests: [{ requestId: strangerRequestId, partners: [stranger.partnerId], delegatedAdminFor: [] }],
      };
      for (const token of [seed.customerToken(alpine), seed.program, seed.auditor]) {
        const result = await seed.read(`/v1/customers/${alpine}`, token, head);
        expect(result.status).toBe(200);
        expect(result.body).toEqual(expected);
      }
    });

    it('shows a partner that has or had a relationship only its own entries', async () => {
      const asDirect = await seed.read(`/v1/customers/${alpine}`, direct.admin.token, head);
      expect(asDirect.body).toMatchObject({ relationships: [], dapGrants: [{ partnerId: direct.partnerId, relationshipActive: false }], openRequests: [] });
      const asReseller = await seed.read(`/v1/customers/${alpine}`, reseller.admin.token, head);
      expect(asReseller.body).toMatchObject({
        relationships: [{ partnerId: reseller.partnerId }],
        dapGrants: [{ partnerId: reseller.partnerId, relationshipActive: true }],
        openRequests: [],
      });
      const asStranger = await seed.read(`/v1/customers/${alpine}`, stranger.admin.token, head);
      expect(asStranger.body).toMatchObject({ relationships: [], dapGrants: [], openRequests: [{ requestId: strangerRequestId }] });
      for (const body of [asDirect.body, asReseller.body, asStranger.body]) {
        expect(JSON.stringify(body)).not.toContain(provider.partnerId);
      }
    });

    it('refuses a partner that never had a relationship, another customer, services, unrecorded users; 404 for an unknown customer', async () => {
      await refusedFor(`/v1/customers/${alpine}`, [outsider.admin.token, seed.customerToken(bellows), seed.service, unrecorded(reseller)]);
      expectProblem(await seed.read(`/v1/customers/${randomUUID()}`, seed.program), 404, 'customer-not-found');
      expectProblem(await seed.read(`/v1/customers/${alpine}`, seed.expiredToken(SERVICE_ACTOR)), 401, 'unauthenticated');
    });

    it('as of just before the removal (from the log) the remover still had its relationship; as of the removal (inclusive) not', async () => {
      const before = await seed.read(`/v1/customers/${alpine}?asOf=${encodeURIComponent(removal.previousOccurredAt)}`, seed.auditor);
      expect(before.status).toBe(200);
      expect(ids(before.body.relationships, 'partnerId')).toContain(direct.partnerId);
      expect(before.body.dapGrants).toContainEqual({ partnerId: direct.partnerId, grantedAt: expect.any(String), relationshipActive: true });
      const at = await seed.read(`/v1/customers/${alpine}?asOf=${encodeURIComponent(removal.occurredAt)}`, seed.auditor);
      expect(ids(at.body.relationships, 'partnerId')).not.toContain(direct.partnerId);
      expect(at.body.dapGrants).toContainEqual({ partnerId: direct.partnerId, grantedAt: before.body.dapGrants.find((g: Item) => g.partnerId === direct.partnerId).grantedAt, relationshipActive: false });
      // Nothing else happened to Alpine since, so "as of the removal" is today's read-model view.
      expect(at.body).toEqual((await seed.read(`/v1/customers/${alpine}`, seed.auditor, head)).body);
    });

    it('atPosition is inclusive too, and a partner asking as of a time sees only its own entries then', async () => {
      const justBefore = String(BigInt(removal.position) - 1n);
      const before = await seed.read(`/v1/customers/${alpine}?atPosition=${justBefore}`, direct.admin.token);
      expect(before.body).toMatchObject({ relationships: [{ partnerId: direct.partnerId }], dapGrants: [{ partnerId: direct.partnerId, relationshipActive: true }], openRequests: [] });
      const at = await seed.read(`/v1/customers/${alpine}?atPosition=${removal.position}`, direct.admin.token);
      expect(at.body).toMatchObject({ relationships: [], dapGrants: [{ partnerId: direct.partnerId, relationshipActive: false }] });
      await refusedFor(`/v1/customers/${alpine}?atPosition=${justBefore}`, [outsider.admin.token, seed.customerToken(bellows)]);
    });

    it('404 before the customer was registered; 400 for asOf with atPosition, or a malformed one', async () => {
      const earlier = new Date(Date.parse(removal.registeredAt) - 1).toISOString();
      expectProblem(await seed.read(`/v1/customers/${alpine}?asOf=${earlier}`, seed.program), 404, 'customer-not-found');
      expectProblem(await seed.read(`/v1/customers/${alpine}?asOf=${earlier}&atPosition=5`, seed.program), 400, 'validation-failed');
      for (const query of ['asOf=yesterday', 'atPosition=-1', 'atPosition=first']) {
        expectProblem(await seed.read(`/v1/customers/${alpine}?${query}`, seed.program), 400, 'validation-failed');
      }
    });
  });

  describe('GET /v1/customers/{customerId}/history', () => {
    it('answers every event of the customer stream in log order with actor, metadata and time, paged', async () => {
      const { pages, items } = await seed.allPages(`/v1/customers/${alpine}/history`, seed.customerToken(alpine), 3);
      expect(pages.length).toBeGreaterThan(2);
      const events = items as Item[];
      const positions = events.map((event) => BigInt(event.position as string));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(events.map((event) => event.type)).toEqual([
        'CustomerRegistered',
        'RelationshipRequested',
        'RelationshipAccepted',
        'ResellerRelationshipEstablished',
        'DelegatedAdminPrivilegesGranted',
        'RelationshipRequested',
        'RelationshipAccepted',
        'ResellerRelationshipEstablished',
        'ResellerRelationshipEstablished',
        'DelegatedAdminPrivilegesGranted',
        'RelationshipRequested',
        'CustomerRelationshipRemoved',
      ]);
      const removed = events.find((event) => event.type === 'CustomerRelationshipRemoved')!;
      expect(removed).toEqual({
        position: removal.position,
        type: 'CustomerRelationshipRemoved',
        data: expect.objectContaining({ customerId: alpine, partnerId: direct.partnerId, attestation: expect.objectContaining({ goodFaith: true }) }),
        actor: { kind: 'partner', tenantId: direct.partnerId, userId: direct.admin.userId, roles: expect.any(Array) },
        metadata: expect.objectContaining({ occurredAt: removal.occurredAt, correlationId: expect.any(String) }),
        occurredAt: removal.occurredAt,
      });
      // The upcast shape: version-2 CustomerRegistered says who registered it.
      expect(events[0]!.data).toMatchObject({ registeredByPartnerId: direct.partnerId, registeredBy: 'partner' });
    });

    it('is for the customer, program and auditor only; 404 for an unknown customer; 400 for a foreign cursor', async () => {
      const path = `/v1/customers/${alpine}/history`;
      expect((await seed.read(path, seed.program)).status).toBe(200);
      await refusedFor(path, [reseller.admin.token, direct.admin.token, seed.customerToken(bellows), seed.service]);
      expectProblem(await seed.read(`/v1/customers/${randomUUID()}/history`, seed.auditor), 404, 'customer-not-found');
      expectProblem(await seed.read(`${path}?cursor=WyJ4Il0`, seed.auditor), 400, 'validation-failed');
    });
  });

  describe('GET /v1/customers/{customerId}/subscriptions', () => {
    it('shows the customer every subscription over every channel', async () => {
      const result = await seed.read(`/v1/customers/${alpine}/subscriptions`, seed.customerToken(alpine), head);
      expect(result.status).toBe(200);
      const expected: Item[] = [
        { subscriptionId: subs.direct, offer: 'Microsoft 365 E3', billing: 'license', channel: 'csp', partnerOfRecord: direct.partnerId, managedBy: null, status: 'active', termEndsAt: null },
        { subscriptionId: subs.reseller, offer: 'Azure plan', billing: 'usage', channel: 'csp', partnerOfRecord: reseller.partnerId, managedBy: null, status: 'active' },
        { subscriptionId: subs.delegated, offer: 'Dynamics 365', channel: 'direct', partnerOfRecord: null, managedBy: direct.partnerId, status: 'active' },
      ];
      // In subscription id order, as the list pages them.
      expect(result.body.items).toEqual(expected.sort(byId('subscriptionId')).map((item) => expect.objectContaining(item)));
      const paged = await seed.allPages(`/v1/customers/${alpine}/subscriptions`, seed.auditor, 1, head);
      expect(paged.pages).toHaveLength(3);
    });

    it('shows a partner only those it is partner of record or manager of — even after its relationship was removed', async () => {
      const asDirect = await seed.read(`/v1/customers/${alpine}/subscriptions`, direct.admin.token, head);
      expect(ids(asDirect.body.items, 'subscriptionId').sort()).toEqual([subs.direct, subs.delegated].sort());
      const asReseller = await seed.read(`/v1/customers/${alpine}/subscriptions`, reseller.admin.token, head);
      expect(ids(asReseller.body.items, 'subscriptionId')).toEqual([subs.reseller]);
      const asProvider = await seed.read(`/v1/customers/${alpine}/subscriptions`, provider.admin.token, head);
      expect(asProvider.body).toEqual({ items: [], nextCursor: null });
    });

    it('refuses partners that never had a relationship, other customers and services; 404 for an unknown customer', async () => {
      await refusedFor(`/v1/customers/${alpine}/subscriptions`, [outsider.admin.token, stranger.admin.token, seed.customerToken(bellows), seed.service, unrecorded(direct)]);
      expectProblem(await seed.read(`/v1/customers/${randomUUID()}/subscriptions`, seed.program), 404, 'customer-not-found');
    });
  });

  describe('GET /v1/dap-grants', () => {
    it('shows the retained grant with retainedSince = the removal; active includes it; revoked ones apart', async () => {
      const retained = await seed.read(`/v1/dap-grants?status=retained`, seed.auditor, head);
      expect(retained.body).toEqual({
        items: [{ customerId: alpine, partnerId: direct.partnerId, status: 'retained', grantedAt: expect.any(String), retainedSince: removal.occurredAt }],
        nextCursor: null,
      });
      const active = await seed.read(`/v1/dap-grants?status=active`, seed.program, head);
      expect((active.body.items as Item[]).map((g) => [g.customerId, g.partnerId, g.status])).toEqual([
        [alpine, direct.partnerId, 'retained'],
        [alpine, reseller.partnerId, 'active'],
      ]);
      const revoked = await seed.read(`/v1/dap-grants?status=revoked`, seed.program, head);
      expect(revoked.body.items).toEqual([
        { customerId: elm, partnerId: reseller.partnerId, status: 'revoked', grantedAt: expect.any(String), revokedAt: expect.any(String), revokedBy: 'customer' },
      ]);
      const forAlpine = await seed.allPages(`/v1/dap-grants?customerId=${alpine}`, seed.program, 1, head);
      expect(forAlpine.pages).toHaveLength(2);
      expect(ids((await seed.read(`/v1/dap-grants?partnerId=${reseller.partnerId}`, seed.program, head)).body.items, 'customerId')).toEqual([alpine, elm]);
    });

    it('shows a partner only its own grants and a customer only those on its tenant', async () => {
      const asDirect = await seed.read('/v1/dap-grants', direct.admin.token, head);
      expect((asDirect.body.items as Item[]).map((g) => [g.customerId, g.partnerId, g.status])).toEqual([[alpine, direct.partnerId, 'retained']]);
      const asAlpine = await seed.read('/v1/dap-grants', seed.customerToken(alpine), head);
      expect(ids(asAlpine.body.items, 'partnerId').sort()).toEqual([direct.partnerId, reseller.partnerId].sort());
      const asElm = await seed.read('/v1/dap-grants?status=active', seed.customerToken(elm), head);
      expect(asElm.body.items).toEqual([]);
    });

    it("refuses another partner's or customer's grants, services and unrecorded users", async () => {
      await refusedFor(`/v1/dap-grants?partnerId=${reseller.partnerId}`, [direct.admin.token]);
      await refusedFor(`/v1/dap-grants?customerId=${alpine}`, [seed.customerToken(bellows)]);
      await refusedFor('/v1/dap-grants', [seed.service, unrecorded(direct)]);
      expectProblem(await seed.read('/v1/dap-grants?status=expired', seed.program), 400, 'validation-failed');
    });
  });

  describe('GET /v1/authorizations/check', () => {
    const check = (partnerId: string, action: string, token: string, asOf?: string) =>
      seed.read(`/v1/authorizations/check?partnerId=${partnerId}&customerId=${alpine}&action=${action}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`, token);

    it('before the removal: allowed to submit orders, with the establishment as the reason', async () => {
      const result = await check(direct.partnerId, 'submit-order', seed.service, removal.previousOccurredAt);
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        allowed: true,
        reasons: [{ type: 'ResellerRelationshipEstablished', position: expect.any(String), occurredAt: expect.any(String) }],
        partnerId: direct.partnerId,
        customerId: alpine,
        action: 'submit-order',
        asOf: removal.previousOccurredAt,
      });
      expect(BigInt(result.body.reasons[0].position)).toBeLessThan(BigInt(removal.position));
    });

    it('from the removal on (asOf inclusive, and now): refused, with the removal as the reason', async () => {
      for (const asOf of [removal.occurredAt, undefined]) {
        const result = await check(direct.partnerId, 'submit-order', seed.auditor, asOf);
        expect(result.body).toMatchObject({
          allowed: false,
          reasons: [{ type: 'CustomerRelationshipRemoved', position: removal.position, occurredAt: removal.occurredAt }],
        });
      }
    });

    it('administer-tenant is still allowed while the DAP grant is retained', async () => {
      const result = await check(direct.partnerId, 'administer-tenant', direct.admin.token);
      expect(result.body).toMatchObject({ allowed: true, reasons: [{ type: 'DelegatedAdminPrivilegesGranted' }] });
      const beforeGrant = await check(direct.partnerId, 'administer-tenant', seed.program, removal.registeredAt);
      expect(beforeGrant.body).toMatchObject({ allowed: false, reasons: [{ type: 'CustomerRegistered' }] });
    });

    it('a partner that never had a relationship is refused with the registration as the reason; before the registration there is no reason', async () => {
      expect((await check(outsider.partnerId, 'submit-order', seed.program)).body).toMatchObject({ allowed: false, reasons: [{ type: 'CustomerRegistered' }] });
      const earlier = new Date(Date.parse(removal.registeredAt) - 1).toISOString();
      expect((await check(direct.partnerId, 'submit-order', seed.program, earlier)).body).toMatchObject({ allowed: false, reasons: [] });
    });

    it('lets a partner ask about itself and a customer about its tenant; refuses anything else', async () => {
      expect((await check(direct.partnerId, 'submit-order', direct.admin.token)).status).toBe(200);
      expect((await check(reseller.partnerId, 'submit-order', seed.customerToken(alpine))).status).toBe(200);
      await refusedFor(`/v1/authorizations/check?partnerId=${reseller.partnerId}&customerId=${alpine}&action=submit-order`, [
        direct.admin.token,
        seed.customerToken(bellows),
        unrecorded(reseller),
      ]);
    });

    it('404 for an unknown partner or customer; 400 for a missing or unknown action or a malformed time', async () => {
      expectProblem(await seed.read(`/v1/authorizations/check?partnerId=${randomUUID()}&customerId=${alpine}&action=submit-order`, seed.program), 404, 'partner-not-found');
      expectProblem(await seed.read(`/v1/authorizations/check?partnerId=${direct.partnerId}&customerId=${randomUUID()}&action=submit-order`, seed.program), 404, 'customer-not-found');
      for (const query of [`partnerId=${direct.partnerId}&customerId=${alpine}`, `partnerId=${direct.partnerId}&customerId=${alpine}&action=sell`, `partnerId=${direct.partnerId}&customerId=${alpine}&action=submit-order&asOf=later`]) {
        expectProblem(await seed.read(`/v1/authorizations/check?${query}`, seed.program), 400, 'validation-failed');
      }
    });
  });

  describe('GET /v1/audit/events', () => {
    it("answers who removed the relationship and when: the customer's trail filtered by partner, type and time", async () => {
      const trail = await seed.read(`/v1/audit/events?partnerId=${direct.partnerId}&type=CustomerRelationshipRemoved`, seed.auditor, head);
      expect(trail.body).toEqual({
        items: [
          expect.objectContaining({
            position: removal.position,
            type: 'CustomerRelationshipRemoved',
            streamId: `customer-${alpine}`,
            data: expect.objectContaining({ partnerId: direct.partnerId, customerId: alpine }),
            actor: expect.objectContaining({ kind: 'partner', tenantId: direct.partnerId, userId: direct.admin.userId }),
            metadata: expect.objectContaining({ occurredAt: removal.occurredAt }),
            occurredAt: removal.occurredAt,
          }),
        ],
        nextCursor: null,
      });
      const inWindow = await seed.read(
        `/v1/audit/events?customerId=${alpine}&from=${encodeURIComponent(removal.occurredAt)}&to=${encodeURIComponent(removal.occurredAt)}`,
        seed.service,
        head,
      );
      expect(ids(inWindow.body.items, 'type')).toEqual(['CustomerRelationshipRemoved']);
    });

    it("pages a customer's whole trail in log order, subscriptions included, and filters by acting user", async () => {
      const { items } = await seed.allPages(`/v1/audit/events?customerId=${alpine}`, seed.program, 4, head);
      const positions = (items as Item[]).map((event) => BigInt(event.position as string));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(ids(items as Item[], 'type')).toEqual(expect.arrayContaining(['CustomerRegistered', 'SubscriptionRecorded', 'SubscriptionManagementDelegated', 'CustomerRelationshipRemoved']));
      expect(items.length).toBeGreaterThanOrEqual(16);
      const byDirectAdmin = await seed.read(`/v1/audit/events?actorUserId=${direct.admin.userId}&customerId=${alpine}`, seed.auditor, head);
      expect((byDirectAdmin.body.items as Item[]).every((event) => (event.actor as Item).userId === direct.admin.userId)).toBe(true);
      expect(ids(byDirectAdmin.body.items, 'type')).toEqual(expect.arrayContaining(['CustomerRegistered', 'RelationshipRequested', 'SubscriptionRecorded', 'CustomerRelationshipRemoved']));
      const types = await seed.read(`/v1/audit/events?customerId=${alpine}&type=ResellerRelationshipEstablished,CustomerRelationshipRemoved`, seed.auditor, head);
      expect(ids(types.body.items, 'type')).toEqual(['ResellerRelationshipEstablished', 'ResellerRelationshipEstablished', 'ResellerRelationshipEstablished', 'CustomerRelationshipRemoved']);
    });

    it('answers 503 unavailable, retry later, for a row the event log does not hold, and logs what operators must do', async () => {
      // A row beyond the log's head, as read models built on a newer copy of the log hold, read alone from a cursor.
      const stray = 2 ** 40;
      const readModels = new Database(path.join(app.dataDir, 'read-models.db'));
      readModels.pragma('busy_timeout = 5000');
      const { tables } = readModels.prepare(`SELECT tables FROM projection_meta WHERE name = 'audit-log'`).get() as { tables: string };
      const auditEvents = (JSON.parse(tables) as Record<string, string>)['audit_events']!;
      readModels.prepare(`INSERT INTO "${auditEvents}" (position, type, occurred_at) VALUES (?, 'NoteTaken', '2025-01-01T00:00:00.000Z')`).run(stray);
      try {
        const cursor = Buffer.from(JSON.stringify([stray - 1])).toString('base64url');
        const result = await seed.read(`/v1/audit/events?cursor=${cursor}`, seed.auditor, head);
        expectProblem(result, 503, 'unavailable');
        expect(result.headers.get('retry-after')).toBe('5');
        expect(result.body.detail).toBe('The audit log is out of step with the event log until it is rebuilt from it; retry later.');
        const logged = await app.waitForLog((line) => line.correlationId === result.body.correlationId && line.msg === 'Request answered 5xx');
        expect(logged.reason).toEqual(expect.stringContaining(`position ${stray}, which the event log does not hold`));
      } finally {
        readModels.prepare(`DELETE FROM "${auditEvents}" WHERE position = ?`).run(stray);
        readModels.close();
      }
    });

    it('is for program, auditor and service only; 400 for a malformed time', async () => {
      await refusedFor('/v1/audit/events', [direct.admin.token, seed.customerToken(alpine)]);
      expectProblem(await seed.read('/v1/audit/events?from=last-week', seed.auditor), 400, 'validation-failed');
      expectProblem(await seed.read('/v1/audit/events', seed.expiredToken(SERVICE_ACTOR)), 401, 'unauthenticated');
    });
  });

  it("reads its own writes: the customer's revocation, the scenario's last write, shows with minPosition and no sleep", async () => {
    const result = await seed.read(`/v1/customers/${elm}`, seed.customerToken(elm), latest(head, beforeRemoval));
    expect(result.body).toMatchObject({ relationships: [{ partnerId: reseller.partnerId }], dapGrants: [] });
  });
});
