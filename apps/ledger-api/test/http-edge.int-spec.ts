import { randomUUID } from 'node:crypto';
import type { EventStore } from '@ledger/event-store';
import { streams } from '@ledger/kernel';
import {
  enrollmentBody,
  expectProblem,
  expectRefusedWithoutAppending,
  LedgerSeed,
  openEventLog,
  type SeededPartner,
} from '../../../test/support/ledger-seed';
import { type AppProcess, startApp } from './support/app-process';
import type { HttpResult } from './support/http';
import { TEST_JWT_SECRET, tokenFor } from './support/tokens';

/*
 * The HTTP edge every context shares (apps/ledger-api/src/http/field-formats.ts, empty-body.ts):
 *
 * - ids are case-insensitive UUIDs kept in lower case: an upper-case id in a path, a body, a query
 *   or a token's `tid`/`sub` reaches the same partner, customer or subscription as its lower-case
 *   spelling, answers carry the lower-case id, and streams are named in lower case only;
 * - a command whose body is `{}` accepts `{}` and no body at all, and refuses any field with 400
 *   `validation-failed` naming it (one route of each context that has such a route: partnerships
 *   has none — its body-less route is a DELETE).
 */

jest.setTimeout(120_000);

const up = (id: string): string => id.toUpperCase();

describe('the HTTP edge: lower-cased ids and empty bodies in every context', () => {
  let app: AppProcess;
  let seed: LedgerSeed;
  let log: EventStore;
  const auditor = tokenFor({ kind: 'auditor', tid: 'compliance', sub: 'ann', roles: ['auditor'] });

  beforeAll(async () => {
    app = await startApp({ env: { LEDGER_JWT_SECRET: TEST_JWT_SECRET, LEDGER_RATE_LIMIT_PER_MINUTE: '1000000' } });
    seed = new LedgerSeed(app.url);
    log = openEventLog(app.dataDir);
  });
  afterAll(async () => {
    await log?.close();
    await app?.stop();
  });

  const typesOf = async (streamId: string): Promise<string[]> => (await log.readStream(streamId)).map((event) => event.type);

  /** Asserts a write answered `status` and returns its body. */
  function written(result: HttpResult, status: 200 | 201): Record<string, unknown> {
    if (result.status !== status) throw new Error(`expected ${status}, got ${result.status}: ${result.text}`);
    return result.body as Record<string, unknown>;
  }

  /** A 400 `validation-failed` naming exactly one refused field. */
  function expectFieldRefused(result: HttpResult, field: string): void {
    expectProblem(result, 400, 'validation-failed');
    expect(result.body.errors).toEqual([{ field, messages: [`property ${field} should not exist`] }]);
  }

  describe('partners', () => {
    const partnerId = randomUUID();
    const adminId = randomUUID();
    // The token says the tenant and the user in upper case, the body says the partner in upper case.
    const admin = tokenFor({ kind: 'partner', tid: up(partnerId), sub: up(adminId), roles: ['global-admin'] });
    let position = '0';

    it('EnrollPartner with an upper-case partnerId (body and token) records partner-<lower-case id>', async () => {
      const body = written(await seed.http.post('/v1/partners', { token: admin, body: enrollmentBody({ partnerId: up(partnerId) }) }), 201);
      expect(body).toEqual({ position: expect.any(String), partnerId, status: 'pending' });
      expect((await typesOf(streams.partner(partnerId)))[0]).toBe('PartnerEnrollmentSubmitted');
      expect(await typesOf(streams.partner(up(partnerId)))).toEqual([]);
      const [submitted] = await log.readStream(streams.partner(partnerId));
      expect(submitted!.data).toMatchObject({ partnerId });
      expect(submitted!.metadata.actor).toMatchObject({ tenantId: partnerId, userId: adminId });
    });

    it('the upper-case path reaches the same partner (verification), and ApproveEnrollment refuses a field in its {} body', async () => {
      const verified = written(
        await seed.http.post(`/v1/partners/${up(partnerId)}/primary-contact/verification`, { token: seed.programToken, body: { token: 'link-1' } }),
        200,
      );
      expect(verified.partnerId).toBe(partnerId);
      const refused = await expectRefusedWithoutAppending(
        log,
        () => seed.http.post(`/v1/partners/${partnerId}/approval`, { token: seed.programToken, body: { reason: 'looks fine' } }),
        400,
        'validation-failed',
      );
      expectFieldRefused(refused, 'reason');
    });

    it('ApproveEnrollment accepts no body at all (upper-case path)', async () => {
      const approved = written(await seed.http.post(`/v1/partners/${up(partnerId)}/approval`, { token: seed.programToken }), 200);
      expect(approved.partnerId).toBe(partnerId);
      position = approved.position as string;
      expect(await typesOf(streams.partner(partnerId))).toEqual(expect.arrayContaining(['PrimaryContactEmailVerified', 'PartnerEnrollmentApproved']));
    });

    it('ApproveEnrollment accepts {}', async () => {
      const other = await seed.verify(await seed.pendingPartner());
      expect(written(await seed.http.post(`/v1/partners/${other.partnerId}/approval`, { token: seed.programToken, body: {} }), 200).partnerId).toBe(
        other.partnerId,
      );
    });

    it('GET /v1/partners/{id} answers the same partner for both spellings, to the partner user whose token spells it in upper case', async () => {
      const lower = await seed.http.get(`/v1/partners/${partnerId}?minPosition=${position}`, { token: admin });
      const upper = await seed.http.get(`/v1/partners/${up(partnerId)}?minPosition=${position}`, { token: admin });
      expect(lower.status).toBe(200);
      expect(lower.body).toMatchObject({ partnerId, status: 'approved' });
      expect(upper.body).toEqual(lower.body);
      expect(lower.body.users).toEqual([expect.objectContaining({ userId: adminId })]);
    });

    it('a user added with an upper-case userId is found by its lower-case id in a path', async () => {
      const userId = randomUUID();
      const added = written(
        await seed.http.post(`/v1/partners/${partnerId}/users`, {
          token: admin,
          body: { userId: up(userId), name: 'Grace', email: `grace-${userId.slice(0, 8)}@contoso.example`, roles: ['sales-agent'] },
        }),
        201,
      );
      expect(added).toMatchObject({ partnerId, userId });
      const changed = written(await seed.http.put(`/v1/partners/${up(partnerId)}/users/${userId}/roles`, { token: admin, body: { roles: ['helpdesk-agent'] } }), 200);
      expect(changed).toMatchObject({ partnerId, userId });
    });

    it('an upper-case partnerId in a query filters like the lower-case one (audit log)', async () => {
      // Every write so far is in the audit log before either read (no write in between).
      const head = String(await log.headPosition());
      const read = (id: string) => seed.http.get(`/v1/audit/events?partnerId=${id}&minPosition=${head}`, { token: auditor });
      const [lower, upper] = [await read(partnerId), await read(up(partnerId))];
      expect(lower.status).toBe(200);
      expect(lower.body.items.length).toBeGreaterThanOrEqual(3);
      expect(new Set(lower.body.items.map((item: { streamId: string }) => item.streamId))).toContain(streams.partner(partnerId));
      expect(upper.body).toEqual(lower.body);
    });
  });

  describe('partnerships', () => {
    let provider: SeededPartner;
    let reseller: SeededPartner;

    beforeAll(async () => {
      [provider, reseller] = await Promise.all([
        seed.approvedPartner({ partnerType: 'indirect-provider' }),
        seed.approvedPartner({ partnerType: 'indirect-reseller' }),
      ]);
    });

    it('partners enrolled in lower case are reached by upper-case ids in paths and bodies; the partnership stream is lower case', async () => {
      const invited = written(
        await seed.http.post(`/v1/partners/${up(provider.partnerId)}/reseller-invitations`, {
          token: provider.admin.token,
          body: { resellerId: up(reseller.partnerId) },
        }),
        201,
      );
      expect(invited).toMatchObject({ providerId: provider.partnerId, resellerId: reseller.partnerId });
      const authorized = written(
        await seed.http.post(`/v1/partners/${reseller.partnerId}/indirect-providers`, {
          token: reseller.admin.token,
          body: { providerId: up(provider.partnerId), invitationId: invited.invitationId, consent: true },
        }),
        201,
      );
      expect(authorized).toMatchObject({ providerId: provider.partnerId, resellerId: reseller.partnerId, invitationId: invited.invitationId });
      const streamId = streams.partnership(provider.partnerId, reseller.partnerId);
      expect(await typesOf(streamId)).toEqual(expect.arrayContaining(['ResellerInvited', 'IndirectProviderAuthorized']));
      expect(await typesOf(streams.partnership(up(provider.partnerId), up(reseller.partnerId)))).toEqual([]);

      const providers = await seed.http.get(`/v1/partners/${up(reseller.partnerId)}/indirect-providers?minPosition=${authorized.position as string}`, {
        token: reseller.admin.token,
      });
      expect(providers.status).toBe(200);
      expect(providers.body.items).toEqual([expect.objectContaining({ providerId: provider.partnerId, status: 'active' })]);
    });

    it('a DELETE with upper-case ids in its path acts on the same partnership', async () => {
      const removed = written(
        await seed.http.delete(`/v1/partners/${up(reseller.partnerId)}/indirect-providers/${up(provider.partnerId)}/tenant-admin-access`, {
          token: reseller.admin.token,
        }),
        200,
      );
      expect(removed).toMatchObject({ providerId: provider.partnerId, resellerId: reseller.partnerId });
      expect(await typesOf(streams.partnership(provider.partnerId, reseller.partnerId))).toContain('ProviderTenantAdminAccessRemoved');
    });
  });

  describe('customers and subscriptions', () => {
    let reseller: SeededPartner;
    const customerId = randomUUID();
    // The customer's admin token spells the tenant in upper case.
    const customerAdmin = tokenFor({ kind: 'customer', tid: up(customerId), sub: 'customer-admin', roles: ['global-admin'] });
    let requestId = '';
    let position = '0';

    beforeAll(async () => {
      reseller = await seed.approvedPartner({ partnerType: 'indirect-reseller' });
    });

    it('RegisterCustomer with an upper-case customerId records customer-<lower-case id>', async () => {
      const registered = written(
        await seed.http.post('/v1/customers', {
          token: tokenFor({ kind: 'customer', tid: customerId, sub: 'customer-admin', roles: ['global-admin'] }),
          body: { customerId: up(customerId), companyName: 'Alpine Ltd', domain: 'alpine.example', country: 'AT', cloud: 'global' },
        }),
        201,
      );
      expect(registered.customerId).toBe(customerId);
      expect(await typesOf(streams.customer(customerId))).toEqual(['CustomerRegistered']);
      expect(await typesOf(streams.customer(up(customerId)))).toEqual([]);
    });

    it('RequestResellerRelationship with upper-case ids in path and body names the lower-case partner', async () => {
      const requested = written(
        await seed.http.post(`/v1/customers/${up(customerId)}/relationship-requests`, {
          token: reseller.admin.token,
          body: { partnerId: up(reseller.partnerId), includeDelegatedAdmin: true },
        }),
        201,
      );
      requestId = requested.requestId as string;
      const [, request] = await log.readStream(streams.customer(customerId));
      expect(request!.type).toBe('RelationshipRequested');
      expect(JSON.stringify(request!.data)).not.toContain(up(reseller.partnerId));
      expect(JSON.stringify(request!.data)).toContain(reseller.partnerId);
    });

    it('AcceptRelationship refuses a field in its {} body, then accepts {} from the admin whose token spells the customer in upper case', async () => {
      const path = `/v1/customers/${customerId}/relationship-requests/${requestId}/acceptance`;
      expectFieldRefused(await expectRefusedWithoutAppending(log, () => seed.http.post(path, { token: customerAdmin, body: { note: 'yes' } }), 400, 'validation-failed'), 'note');
      const accepted = written(await seed.http.post(path, { token: customerAdmin, body: {} }), 200);
      expect(accepted).toMatchObject({ customerId, requestId });
      position = accepted.position as string;
    });

    it('GET /v1/customers/{id} and the authorization check answer the same for both spellings', async () => {
      const lower = await seed.http.get(`/v1/customers/${customerId}?minPosition=${position}`, { token: auditor });
      const upper = await seed.http.get(`/v1/customers/${up(customerId)}?minPosition=${position}`, { token: auditor });
      expect(lower.status).toBe(200);
      expect(lower.body).toMatchObject({ customerId, relationships: [expect.objectContaining({ partnerId: reseller.partnerId })] });
      expect(upper.body).toEqual(lower.body);

      const check = (partner: string, customer: string) =>
        seed.http.get(`/v1/authorizations/check?partnerId=${partner}&customerId=${customer}&action=administer-tenant`, { token: auditor });
      const checkedUpper = await check(up(reseller.partnerId), up(customerId));
      expect(checkedUpper.status).toBe(200);
      expect(checkedUpper.body).toMatchObject({ allowed: true, partnerId: reseller.partnerId, customerId });
      expect((await check(reseller.partnerId, customerId)).body).toEqual(checkedUpper.body);
    });

    it('RevokeDelegatedAdminPrivileges accepts no body at all (upper-case ids in the path)', async () => {
      const revoked = written(await seed.http.post(`/v1/customers/${up(customerId)}/dap-grants/${up(reseller.partnerId)}/revocation`, { token: customerAdmin }), 200);
      expect(revoked).toMatchObject({ customerId, partnerId: reseller.partnerId });
      expect(await typesOf(streams.customer(customerId))).toContain('DelegatedAdminPrivilegesRevoked');
    });

    it('RecordSubscription with upper-case ids; CancelSubscription refuses a field, accepts {} and no body', async () => {
      const record = async (subscriptionId: string) =>
        written(
          await seed.http.post('/v1/subscriptions', {
            token: reseller.admin.token,
            body: {
              subscriptionId: up(subscriptionId),
              customerId: up(customerId),
              offer: 'Microsoft 365 E3',
              billing: 'usage',
              channel: 'csp',
              partnerOfRecord: up(reseller.partnerId),
            },
          }),
          201,
        );
      const first = randomUUID();
      const second = randomUUID();
      expect((await record(first)).subscriptionId).toBe(first);
      expect((await record(second)).subscriptionId).toBe(second);
      expect(await typesOf(streams.subscription(first))).toEqual(['SubscriptionRecorded']);
      expect(await typesOf(streams.subscription(up(first)))).toEqual([]);

      const cancel = (subscriptionId: string, body?: unknown) =>
        seed.http.post(`/v1/subscriptions/${subscriptionId}/cancellation`, { token: customerAdmin, ...(body !== undefined ? { body } : {}) });
      expectFieldRefused(await expectRefusedWithoutAppending(log, () => cancel(up(first), { reason: 'too dear' }), 400, 'validation-failed'), 'reason');
      expect(written(await cancel(up(first), {}), 200).subscriptionId).toBe(first);
      const last = written(await cancel(second), 200);
      expect(last.subscriptionId).toBe(second);

      const listed = await seed.http.get(`/v1/customers/${up(customerId)}/subscriptions?minPosition=${last.position as string}`, { token: auditor });
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((item: { subscriptionId: string; status: string; partnerOfRecord: string }) => item)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ subscriptionId: first, status: 'cancelled', partnerOfRecord: reseller.partnerId }),
          expect.objectContaining({ subscriptionId: second, status: 'cancelled', partnerOfRecord: reseller.partnerId }),
        ]),
      );
    });
  });

  it('/openapi.json documents EmptyBody once: optional, no properties, no additional ones', async () => {
    const document = (await seed.http.get('/openapi.json')).body;
    expect(document.components.schemas.EmptyBody).toMatchObject({ type: 'object', properties: {}, additionalProperties: false, description: expect.any(String) });
    for (const path of [
      '/v1/partners/{partnerId}/approval',
      '/v1/customers/{customerId}/relationship-requests/{requestId}/acceptance',
      '/v1/customers/{customerId}/relationship-requests/{requestId}/decline',
      '/v1/customers/{customerId}/dap-grants/{partnerId}/revocation',
      '/v1/subscriptions/{subscriptionId}/cancellation',
    ]) {
      const requestBody = document.paths[path].post.requestBody;
      expect({ path, requestBody }).toEqual({
        path,
        requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/EmptyBody' } } } },
      });
    }
  });
});
