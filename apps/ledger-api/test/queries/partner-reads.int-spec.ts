import { randomUUID } from 'node:crypto';
import { expectProblem, expectStatus, type SeededPartner, type SeededUser } from '../../../../test/support/ledger-seed';
import { type AppProcess, startApp } from '../support/app-process';
import { TEST_JWT_SECRET } from '../support/tokens';
import { AUDITOR_ACTOR, latest, PROGRAM_ACTOR, ReadSeed } from './support/read-scenario';

/*
 * Partner and partnership reads over HTTP (api.md, Reads): GET /v1/partners/{id}, GET /v1/partners,
 * /indirect-providers, /indirect-resellers, /partnership-invitations — shapes, filters, cursor
 * paging, and who may read what (domain §2). The scenario is built through the write API and every
 * read passes the last write's position as `minPosition`.
 */

jest.setTimeout(90_000);

describe('partner and partnership reads', () => {
  let app: AppProcess;
  let seed: ReadSeed;
  let provider: SeededPartner;
  let reseller: SeededPartner;
  let invitedReseller: SeededPartner;
  let endedReseller: SeededPartner;
  let pending: SeededPartner;
  let german: SeededPartner;
  let stranger: SeededPartner;
  let billingUser: SeededUser;
  let removedUser: SeededUser;
  let openInvitationId: string;
  let acceptedInvitationId: string;
  let head: string;

  beforeAll(async () => {
    app = await startApp({ env: { LEDGER_JWT_SECRET: TEST_JWT_SECRET, LEDGER_RATE_LIMIT_PER_MINUTE: '1000000' } });
    seed = new ReadSeed(app.url);
    [provider, reseller, invitedReseller, endedReseller, stranger] = await Promise.all([
      seed.approvedPartner({ partnerType: 'indirect-provider', name: 'Northwind Distribution' }),
      seed.approvedPartner({ partnerType: 'indirect-reseller', name: 'Contoso Resellers' }),
      seed.approvedPartner({ partnerType: 'indirect-reseller', name: 'Fabrikam Resale' }),
      seed.approvedPartner({ partnerType: 'indirect-reseller', name: 'Tailspin Toys' }),
      seed.approvedPartner({ partnerType: 'direct-provider', name: 'Stranger Direct' }),
    ]);
    pending = await seed.pendingPartner({ partnerType: 'direct-provider' });
    german = await seed.approvedPartner({ partnerType: 'direct-provider', cloud: 'germany', country: 'DE' });
    acceptedInvitationId = (await seed.linkPartners(provider, reseller)).invitationId;
    const removal = await seed.http.delete(`/v1/partners/${reseller.partnerId}/indirect-providers/${provider.partnerId}/tenant-admin-access`, {
      token: reseller.admin.token,
    });
    expectStatus('RemoveProviderTenantAdminAccess', removal, 200);
    await seed.linkPartners(provider, endedReseller);
    const ended = await seed.http.post(`/v1/partnerships/${provider.partnerId}/${endedReseller.partnerId}/termination`, {
      token: endedReseller.admin.token,
      body: { reason: 'We stopped working together.' },
    });
    expectStatus('EndPartnership', ended, 200);
    openInvitationId = (await seed.invite(provider, invitedReseller)).invitationId;
    billingUser = await seed.addUser(provider, ['billing-admin']);
    removedUser = await seed.addUser(provider, ['global-admin']);
    head = (await seed.removeUser(provider, removedUser)).position;
    head = latest(head, ended.body.position as string, german.position);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const unrecordedToken = (partner: SeededPartner) => seed.tokenFor({ kind: 'partner', tid: partner.partnerId, sub: randomUUID(), roles: ['global-admin'] });

  it('/openapi.json documents every read with its operation, query, answer schema and problems', async () => {
    const document = (await seed.http.get('/openapi.json')).body;
    const reads: Array<[string, string, boolean]> = [
      ['/v1/partners/{partnerId}', 'GetPartner', true],
      ['/v1/partners', 'ListPartners', true],
      ['/v1/partners/{resellerId}/indirect-providers', 'ListIndirectProviders', true],
      ['/v1/partners/{providerId}/indirect-resellers', 'ListIndirectResellers', true],
      ['/v1/partners/{partnerId}/partnership-invitations', 'ListPartnershipInvitations', true],
      ['/v1/partners/{partnerId}/customers', 'ListPartnerCustomers', true],
      ['/v1/partners/{resellerId}/indirect-providers/{providerId}/customers', 'ListSharedCustomers', true],
      ['/v1/customers/{customerId}', 'GetCustomer', true],
      ['/v1/customers/{customerId}/history', 'GetCustomerHistory', false],
      ['/v1/customers/{customerId}/subscriptions', 'ListCustomerSubscriptions', true],
      ['/v1/dap-grants', 'ListDapGrants', true],
      ['/v1/authorizations/check', 'CheckAuthorization', false],
      ['/v1/audit/events', 'ListAuditEvents', true],
    ];
    for (const [path, operationId, fromReadModels] of reads) {
      const operation = document.paths[path]?.get;
      expect({ path, operationId: operation?.operationId }).toEqual({ path, operationId });
      expect(operation.responses['200'].content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\//);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401', '403']));
      expect(operation.parameters.map((p: { name: string }) => p.name)).toContain('minPosition');
      if (fromReadModels) expect(operation.responses['503'].description).toContain('read-model-behind');
    }
    expect(document.components.schemas.DapGrantPage.properties.items.items.$ref).toBe('#/components/schemas/DapGrantResponse');
  });

  describe('GET /v1/partners/{partnerId}', () => {
    it("answers the partner's profile, status and users with their recorded roles to its own users", async () => {
      const result = await seed.read(`/v1/partners/${provider.partnerId}`, billingUser.token, head);
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        partnerId: provider.partnerId,
        partnerType: 'indirect-provider',
        cloud: 'global',
        status: 'approved',
        primaryContactVerified: true,
        mpnId: provider.mpnId,
        legalProfile: { name: 'Northwind Distribution', address: '1 Main Street, Springfield', country: 'US' },
        tenantCountry: 'US',
        enrolledAt: expect.any(String),
        reviewedAt: expect.any(String),
        users: [
          { userId: provider.admin.userId, name: provider.admin.name, email: provider.admin.email, roles: ['global-admin', 'admin-agent'] },
          { userId: billingUser.userId, name: billingUser.name, email: billingUser.email, roles: ['billing-admin'] },
        ].sort((a, b) => (a.userId < b.userId ? -1 : 1)),
      });
    });

    it('a pending partner reads its own enrollment status', async () => {
      const result = await seed.read(`/v1/partners/${pending.partnerId}`, pending.admin.token, pending.position);
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ partnerId: pending.partnerId, status: 'pending', primaryContactVerified: false, reviewedAt: null });
    });

    it('program and auditor read any partner', async () => {
      for (const token of [seed.program, seed.auditor]) {
        const result = await seed.read(`/v1/partners/${reseller.partnerId}`, token, head);
        expect(result.status).toBe(200);
        expect(result.body.partnerId).toBe(reseller.partnerId);
      }
    });

    it("refuses another partner, a customer, a service, an unrecorded or removed user (403) and never returns the data", async () => {
      const path = `/v1/partners/${provider.partnerId}`;
      for (const token of [
        reseller.admin.token,
        seed.customerToken(randomUUID()),
        seed.service,
        unrecordedToken(provider),
        removedUser.token,
      ]) {
        const result = await seed.read(path, token, head);
        expectProblem(result, 403, 'forbidden');
        expect(result.text).not.toContain(provider.mpnId);
      }
    });

    it('401 for an expired token; 404 partner-not-found for an unknown partner; 400 for a malformed id', async () => {
      expectProblem(await seed.read(`/v1/partners/${provider.partnerId}`, seed.expiredToken(PROGRAM_ACTOR)), 401, 'unauthenticated');
      expectProblem(await seed.read(`/v1/partners/${randomUUID()}`, seed.program), 404, 'partner-not-found');
      expectProblem(await seed.read('/v1/partners/not-a-uuid', seed.program), 400, 'validation-failed');
    });
  });

  describe('GET /v1/partners', () => {
    it('lists partners for program and auditor, filtered by type, status and cloud', async () => {
      const resellers = await seed.read('/v1/partners?type=indirect-reseller&status=approved&cloud=global&limit=1000', seed.auditor, head);
      expect(resellers.status).toBe(200);
      expect(resellers.body.nextCursor).toBeNull();
      expect(resellers.body.items.map((p: { partnerId: string }) => p.partnerId).sort()).toEqual(
        [reseller, invitedReseller, endedReseller].map((p) => p.partnerId).sort(),
      );
      expect(resellers.body.items[0]).not.toHaveProperty('users');
      const inGermany = await seed.read('/v1/partners?cloud=germany', seed.program, head);
      expect(inGermany.body.items.map((p: { partnerId: string }) => p.partnerId)).toEqual([german.partnerId]);
      const pendingOnes = await seed.read('/v1/partners?status=pending', seed.program, head);
      expect(pendingOnes.body.items.map((p: { partnerId: string }) => p.partnerId)).toEqual([pending.partnerId]);
    });

    it('pages with cursors: every partner exactly once, in partner id order', async () => {
      const everything = await seed.read('/v1/partners', seed.program, head);
      const { pages, items } = await seed.allPages('/v1/partners', seed.program, 2, head);
      expect(pages.length).toBe(Math.ceil(everything.body.items.length / 2));
      expect(items).toEqual(everything.body.items);
      const ids = items.map((p) => (p as { partnerId: string }).partnerId);
      expect(ids).toEqual([...ids].sort());
      expect(new Set(ids).size).toBe(7);
    });

    it('400 validation-failed for a bad limit, an unknown filter value or parameter, or a cursor it did not hand out', async () => {
      for (const query of ['limit=0', 'limit=1001', 'limit=ten', 'type=reseller', 'status=active', 'cloud=mars', 'colour=blue', 'minPosition=soon']) {
        expectProblem(await seed.read(`/v1/partners?${query}`, seed.program), 400, 'validation-failed');
      }
      const badCursor = await seed.read('/v1/partners?cursor=bm90LWEtY3Vyc29y', seed.program);
      expectProblem(badCursor, 400, 'validation-failed');
      expect(badCursor.body.errors).toEqual([{ field: 'cursor', messages: [expect.any(String)] }]);
    });

    it('refuses partners, customers and services (403)', async () => {
      for (const token of [provider.admin.token, seed.customerToken(randomUUID()), seed.service]) {
        expectProblem(await seed.read('/v1/partners', token), 403, 'forbidden');
      }
    });
  });

  describe('GET /v1/partners/{resellerId}/indirect-providers', () => {
    it("shows the reseller its providers with status, since and whether they keep admin access to its tenant", async () => {
      const result = await seed.read(`/v1/partners/${reseller.partnerId}/indirect-providers`, reseller.admin.token, head);
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        items: [{ providerId: provider.partnerId, name: 'Northwind Distribution', status: 'active', since: expect.any(String), endedAt: null, tenantAdminAccess: false }],
        nextCursor: null,
      });
      const ended = await seed.read(`/v1/partners/${endedReseller.partnerId}/indirect-providers`, endedReseller.admin.token, head);
      expect(ended.body.items).toEqual([expect.objectContaining({ providerId: provider.partnerId, status: 'ended', endedAt: expect.any(String), tenantAdminAccess: true })]);
      const onlyActive = await seed.read(`/v1/partners/${endedReseller.partnerId}/indirect-providers?status=active`, seed.auditor, head);
      expect(onlyActive.body.items).toEqual([]);
    });

    it('refuses the provider itself, other partners, customers and services; 404 for an unknown reseller', async () => {
      const path = `/v1/partners/${reseller.partnerId}/indirect-providers`;
      for (const token of [provider.admin.token, stranger.admin.token, unrecordedToken(reseller), seed.customerToken(randomUUID()), seed.service]) {
        expectProblem(await seed.read(path, token, head), 403, 'forbidden');
      }
      expectProblem(await seed.read(`/v1/partners/${randomUUID()}/indirect-providers`, seed.program), 404, 'partner-not-found');
      expectProblem(await seed.read(path, seed.expiredToken(AUDITOR_ACTOR)), 401, 'unauthenticated');
    });
  });

  describe('GET /v1/partners/{providerId}/indirect-resellers', () => {
    it('shows the provider its resellers, active and ended, paged by reseller id', async () => {
      const { pages, items } = await seed.allPages(`/v1/partners/${provider.partnerId}/indirect-resellers`, provider.admin.token, 1, head);
      expect(pages).toHaveLength(2);
      expect(items).toEqual(
        [
          { resellerId: reseller.partnerId, name: 'Contoso Resellers', status: 'active', since: expect.any(String), endedAt: null, tenantAdminAccess: false },
          { resellerId: endedReseller.partnerId, name: 'Tailspin Toys', status: 'ended', since: expect.any(String), endedAt: expect.any(String), tenantAdminAccess: true },
        ].sort((a, b) => (a.resellerId < b.resellerId ? -1 : 1)),
      );
    });

    it('refuses the resellers and other partners (403), program reads it', async () => {
      const path = `/v1/partners/${provider.partnerId}/indirect-resellers`;
      for (const token of [reseller.admin.token, stranger.admin.token, seed.service]) expectProblem(await seed.read(path, token, head), 403, 'forbidden');
      expect((await seed.read(path, seed.program, head)).body.items).toHaveLength(2);
    });
  });

  describe('GET /v1/partners/{partnerId}/partnership-invitations', () => {
    it('shows the provider the invitations it sent; ?status=open only those still open', async () => {
      const all = await seed.read(`/v1/partners/${provider.partnerId}/partnership-invitations`, provider.admin.token, head);
      expect(all.status).toBe(200);
      expect(all.body.items.map((i: { invitationId: string }) => i.invitationId)).toHaveLength(3);
      const open = await seed.read(`/v1/partners/${provider.partnerId}/partnership-invitations?status=open`, provider.admin.token, head);
      expect(open.body).toEqual({
        items: [{ invitationId: openInvitationId, providerId: provider.partnerId, resellerId: invitedReseller.partnerId, status: 'open', sentAt: expect.any(String), acceptedAt: null }],
        nextCursor: null,
      });
    });

    it('shows a reseller only the invitations it received', async () => {
      const received = await seed.read(`/v1/partners/${invitedReseller.partnerId}/partnership-invitations?status=open`, invitedReseller.admin.token, head);
      expect(received.body.items.map((i: { invitationId: string }) => i.invitationId)).toEqual([openInvitationId]);
      const accepted = await seed.read(`/v1/partners/${reseller.partnerId}/partnership-invitations`, reseller.admin.token, head);
      expect(accepted.body.items).toEqual([expect.objectContaining({ invitationId: acceptedInvitationId, status: 'accepted', acceptedAt: expect.any(String) })]);
    });

    it("refuses another partner's invitations (403) and an unknown status (400)", async () => {
      for (const token of [invitedReseller.admin.token, stranger.admin.token, seed.service, seed.customerToken(randomUUID())]) {
        expectProblem(await seed.read(`/v1/partners/${provider.partnerId}/partnership-invitations`, token, head), 403, 'forbidden');
      }
      expectProblem(await seed.read(`/v1/partners/${provider.partnerId}/partnership-invitations?status=declined`, seed.program), 400, 'validation-failed');
    });
  });
});
