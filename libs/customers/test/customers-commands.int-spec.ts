import { randomUUID } from 'node:crypto';
import { streams } from '@ledger/kernel';
import {
  expectFieldErrors,
  expectProblem,
  expectRefusedWithoutAppend,
  expectWrite,
  type LedgerApiHarness,
  SEEDED_PARTNER_USERS,
  startLedgerApi,
  tokens,
} from './support/ledger-api-harness';

/*
 * Domain §4.3 over HTTP (api.md, Writes): every customer command's success answer and every error
 * code of its rules with the api.md status, shape validation (400), and Idempotency-Key replays.
 * Facts owned by other contexts (enrolled partners, partnerships) are seeded through their execute
 * functions; everything under test goes through the real API process.
 */

jest.setTimeout(60_000);

const { globalAdmin, accountAdmin, salesAgent } = SEEDED_PARTNER_USERS;

describe('customers write API', () => {
  let h: LedgerApiHarness;

  beforeAll(async () => {
    h = await startLedgerApi();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const registerBody = (customerId: string, overrides: Record<string, unknown> = {}) => ({
    customerId,
    companyName: 'Contoso Ltd',
    domain: 'contoso.onmicrosoft.com',
    country: 'US',
    cloud: 'global',
    ...overrides,
  });
  const requestPath = (customerId: string) => `/v1/customers/${customerId}/relationship-requests`;
  const acceptPath = (customerId: string, requestId: string) => `/v1/customers/${customerId}/relationship-requests/${requestId}/acceptance`;
  const declinePath = (customerId: string, requestId: string) => `/v1/customers/${customerId}/relationship-requests/${requestId}/decline`;
  const removalPath = (customerId: string, partnerId: string) => `/v1/customers/${customerId}/relationships/${partnerId}/removal`;
  const revocationPath = (customerId: string, partnerId: string) => `/v1/customers/${customerId}/dap-grants/${partnerId}/revocation`;
  const removalBody = (overrides: Record<string, unknown> = {}) => ({
    attestation: { goodFaith: true, legitimateBusinessPurpose: 'The customer moved its business to another partner.' },
    legalNotice: { required: true, providedAt: '2025-03-01T09:30:00+02:00' },
    ...overrides,
  });

  it('/openapi.json documents every customer and subscription write with its DTO, success and problem answers', async () => {
    const document = (await h.http.get('/openapi.json')).body;
    const writes: Array<[string, string, string]> = [
      ['/v1/customers', '201', 'RegisterCustomer'],
      ['/v1/customers/{customerId}/relationship-requests', '201', 'RequestResellerRelationship'],
      ['/v1/customers/{customerId}/relationship-requests/{requestId}/acceptance', '200', 'AcceptRelationship'],
      ['/v1/customers/{customerId}/relationship-requests/{requestId}/decline', '200', 'DeclineRelationship'],
      ['/v1/customers/{customerId}/relationships/{partnerId}/removal', '200', 'RemoveCustomerRelationship'],
      ['/v1/customers/{customerId}/dap-grants/{partnerId}/revocation', '200', 'RevokeDelegatedAdminPrivileges'],
      ['/v1/subscriptions', '201', 'RecordSubscription'],
      ['/v1/subscriptions/{subscriptionId}/management-delegation', '200', 'DelegateSubscriptionManagement'],
      ['/v1/subscriptions/{subscriptionId}/partner-switch', '200', 'SwitchSubscriptionPartner'],
      ['/v1/subscriptions/{subscriptionId}/cancellation', '200', 'CancelSubscription'],
    ];
    for (const [path, status, operationId] of writes) {
      const operation = document.paths[path]?.post;
      expect({ path, operationId: operation?.operationId }).toEqual({ path, operationId });
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining([status, '400', '401', '403', '404', '409']));
      expect(operation.requestBody.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\//);
    }
    const schemas = document.components.schemas;
    expect(schemas.RegisterCustomerDto.properties.cloud.enum).toEqual(['global', 'us-government', 'germany', 'china']);
    expect(schemas.RegisterCustomerDto.required).toEqual(expect.arrayContaining(['customerId', 'companyName', 'domain', 'country', 'cloud']));
    expect(schemas.RemoveCustomerRelationshipDto.properties.attestation.$ref).toBe('#/components/schemas/RemovalAttestationDto');
    expect(schemas.RemovalAttestationDto.properties.legitimateBusinessPurpose.maxLength).toBe(2000);
    expect(schemas.RecordSubscriptionDto.properties.channel.enum).toEqual(['csp', 'direct', 'advisor', 'open', 'ea', 'third-party']);
    expect(document.paths['/v1/subscriptions'].post.responses['422'].description).toContain('partner-of-record-not-allowed');
    expect(document.paths['/v1/customers/{customerId}/relationships/{partnerId}/removal'].post.responses['422'].description).toContain(
      'attestation-required',
    );
  });

  describe('POST /v1/customers (RegisterCustomer)', () => {
    it("a seller of an approved partner registers a customer: 201 {position, customerId}, CustomerRegistered names the partner, no relationship", async () => {
      const partner = await h.seed.partner();
      const customerId = randomUUID();
      const correlationId = `corr-${randomUUID()}`;
      const { response, appended } = await expectWrite(
        h,
        () =>
          h.http.post('/v1/customers', {
            token: tokens.partner(partner.partnerId, salesAgent),
            body: registerBody(customerId),
            headers: { 'x-correlation-id': correlationId },
          }),
        201,
      );
      expect(response.body).toEqual({ position: response.body.position, customerId });
      expect(appended).toEqual(['CustomerTenantRegistered', 'CustomerRegistered']);
      const [registered] = await h.seed.eventsOf(streams.customer(customerId));
      expect(registered?.data).toEqual({ ...registerBody(customerId), registeredByPartnerId: partner.partnerId, registeredBy: 'partner' });
      expect(registered?.metadata).toMatchObject({
        correlationId,
        actor: { kind: 'partner', tenantId: partner.partnerId, userId: salesAgent },
      });
      expect(String(registered?.position)).toBe(response.body.position);
    });

    it("the customer's own global admin registers itself: 201", async () => {
      const customerId = randomUUID();
      const { response, appended } = await expectWrite(
        h,
        () => h.http.post('/v1/customers', { token: tokens.customerAdmin(customerId), body: registerBody(customerId, { cloud: 'germany' }) }),
        201,
      );
      expect(response.body.customerId).toBe(customerId);
      expect(appended).toEqual(['CustomerTenantRegistered', 'CustomerRegistered']);
      const [registered] = await h.seed.eventsOf(streams.customer(customerId));
      expect(registered?.data).toEqual({ ...registerBody(customerId, { cloud: 'germany' }), registeredBy: 'customer' });
    });

    it('409 already-registered', async () => {
      const customerId = await h.seed.customer();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post('/v1/customers', { token: tokens.customerAdmin(customerId), body: registerBody(customerId) }),
        409,
        'already-registered',
      );
    });

    it("409 csp-partner-cannot-resell-to-csp-partner: the tenant is an enrolled partner's CSP tenant", async () => {
      const seller = await h.seed.partner();
      const otherPartner = await h.seed.partner({ partnerType: 'indirect-reseller' });
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post('/v1/customers', { token: tokens.partner(seller.partnerId, salesAgent), body: registerBody(otherPartner.partnerId) }),
        409,
        'csp-partner-cannot-resell-to-csp-partner',
      );
    });

    it('409 partner-not-approved: a pending partner registers nobody', async () => {
      const pending = await h.seed.partner({ status: 'pending' });
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post('/v1/customers', { token: tokens.partner(pending.partnerId, globalAdmin), body: registerBody(randomUUID()) }),
        409,
        'partner-not-approved',
      );
    });

    it('404 partner-not-found: a partner token of a tenant that never enrolled', async () => {
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post('/v1/customers', { token: tokens.partner(randomUUID()), body: registerBody(randomUUID()) }),
        404,
        'partner-not-found',
      );
    });

    it('400 validation-failed lists every bad field: id, name, domain, country, cloud, unknown fields', async () => {
      const response = await h.http.post('/v1/customers', {
        token: tokens.program(),
        body: { customerId: 'not-a-uuid', companyName: 'x'.repeat(257), domain: 'not a domain', country: 'us', cloud: 'mars', extra: 1 },
      });
      expectFieldErrors(response, ['customerId', 'companyName', 'domain', 'country', 'cloud', 'extra']);
    });

    it('400 for a country that is two upper-case letters but no ISO 3166-1 code, and for missing fields', async () => {
      expectFieldErrors(
        await h.http.post('/v1/customers', { token: tokens.program(), body: registerBody(randomUUID(), { country: 'XX' }) }),
        ['country'],
      );
      expectFieldErrors(await h.http.post('/v1/customers', { token: tokens.program(), body: {} }), [
        'customerId',
        'companyName',
        'domain',
        'country',
        'cloud',
      ]);
    });

    it('shape is checked before the actor (400 before 403)', async () => {
      const customerId = randomUUID();
      const response = await h.http.post('/v1/customers', { token: tokens.auditor(), body: registerBody(customerId, { cloud: 'mars' }) });
      expectFieldErrors(response, ['cloud']);
    });

    it('an Idempotency-Key retry returns the first 201 and body and appends nothing; another body with the key is 422', async () => {
      const customerId = randomUUID();
      const key = randomUUID();
      const send = (body: unknown) => h.http.post('/v1/customers', { token: tokens.customerAdmin(customerId), body, headers: { 'idempotency-key': key } });
      const first = await send(registerBody(customerId));
      expect(first.status).toBe(201);
      const head = await h.seed.headPosition();
      const retry = await send(registerBody(customerId));
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await h.seed.headPosition()).toBe(head);
      expectProblem(await send(registerBody(customerId, { companyName: 'Other' })), 422, 'idempotency-key-reused');
      expect(await h.seed.headPosition()).toBe(head);
    });
  });

  describe('POST /v1/customers/{customerId}/relationship-requests (RequestResellerRelationship)', () => {
    it('a seller asks with DAP: 201 {position, requestId}; RelationshipRequested names the partner for both', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const { response, appended } = await expectWrite(
        h,
        () =>
          h.http.post(requestPath(customerId), {
            token: tokens.partner(partner.partnerId, salesAgent),
            body: { partnerId: partner.partnerId, includeDelegatedAdmin: true },
          }),
        201,
      );
      expect(appended).toEqual(['RelationshipRequested']);
      expect(Object.keys(response.body).sort()).toEqual(['position', 'requestId']);
      const events = await h.seed.eventsOf(streams.customer(customerId));
      expect(events.at(-1)?.data).toEqual({
        customerId,
        requestId: response.body.requestId,
        partners: [partner.partnerId],
        delegatedAdminFor: [partner.partnerId],
      });
    });

    it('without DAP, delegatedAdminFor is empty', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const { response } = await expectWrite(
        h,
        () => h.http.post(requestPath(customerId), { token: tokens.partner(partner.partnerId), body: { partnerId: partner.partnerId, includeDelegatedAdmin: false } }),
        201,
      );
      const events = await h.seed.eventsOf(streams.customer(customerId));
      expect(events.at(-1)?.data).toMatchObject({ requestId: response.body.requestId, delegatedAdminFor: [] });
    });

    it('404 customer-not-found', async () => {
      const partner = await h.seed.partner();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(requestPath(randomUUID()), { token: tokens.partner(partner.partnerId), body: { partnerId: partner.partnerId, includeDelegatedAdmin: false } }),
        404,
        'customer-not-found',
      );
    });

    it('404 partner-not-found: partnerId never enrolled (the actor is of that tenant)', async () => {
      const customerId = await h.seed.customer();
      const unknownPartnerId = randomUUID();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(requestPath(customerId), { token: tokens.partner(unknownPartnerId), body: { partnerId: unknownPartnerId, includeDelegatedAdmin: false } }),
        404,
        'partner-not-found',
      );
    });

    it('409 partner-not-approved', async () => {
      const pending = await h.seed.partner({ status: 'pending' });
      const customerId = await h.seed.customer();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(requestPath(customerId), { token: tokens.partner(pending.partnerId), body: { partnerId: pending.partnerId, includeDelegatedAdmin: false } }),
        409,
        'partner-not-approved',
      );
    });

    it('409 cross-cloud: a global partner and a China customer', async () => {
      const partner = await h.seed.partner({ cloud: 'global' });
      const customerId = await h.seed.customer({ cloud: 'china' });
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(requestPath(customerId), { token: tokens.partner(partner.partnerId), body: { partnerId: partner.partnerId, includeDelegatedAdmin: true } }),
        409,
        'cross-cloud',
      );
    });

    it('409 relationship-exists', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      await h.seed.relationship(customerId, partner.partnerId);
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(requestPath(customerId), { token: tokens.partner(partner.partnerId), body: { partnerId: partner.partnerId, includeDelegatedAdmin: false } }),
        409,
        'relationship-exists',
      );
    });

    it('400: ids must be UUIDs (path and body), includeDelegatedAdmin strictly boolean, unknown fields refused', async () => {
      const partner = await h.seed.partner();
      expectFieldErrors(
        await h.http.post(requestPath('not-a-uuid'), { token: tokens.partner(partner.partnerId), body: { partnerId: partner.partnerId, includeDelegatedAdmin: false } }),
        ['customerId'],
      );
      expectFieldErrors(
        await h.http.post(requestPath(randomUUID()), {
          token: tokens.partner(partner.partnerId),
          body: { partnerId: 'p1', includeDelegatedAdmin: 'true', indirectProviderId: 42, note: 'hi' },
        }),
        ['partnerId', 'includeDelegatedAdmin', 'indirectProviderId', 'note'],
      );
      expectFieldErrors(await h.http.post(requestPath(randomUUID()), { token: tokens.partner(partner.partnerId), body: { partnerId: partner.partnerId } }), [
        'includeDelegatedAdmin',
      ]);
    });

    it('an Idempotency-Key retry returns the same requestId and position and appends nothing', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const key = randomUUID();
      const send = () =>
        h.http.post(requestPath(customerId), {
          token: tokens.partner(partner.partnerId),
          body: { partnerId: partner.partnerId, includeDelegatedAdmin: true },
          headers: { 'idempotency-key': key },
        });
      const first = await send();
      expect(first.status).toBe(201);
      const head = await h.seed.headPosition();
      const retry = await send();
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await h.seed.headPosition()).toBe(head);
      expect((await h.seed.customerEventTypes(customerId)).filter((type) => type === 'RelationshipRequested')).toHaveLength(1);
    });
  });

  describe('POST …/relationship-requests with indirectProviderId (InviteCustomerWithIndirectProvider)', () => {
    async function twoTier(options: { partnership?: boolean; customerCloud?: 'global' | 'china' } = {}) {
      const provider = await h.seed.partner({ partnerType: 'indirect-provider' });
      const reseller = await h.seed.partner({ partnerType: 'indirect-reseller' });
      if (options.partnership ?? true) await h.seed.partnership(provider.partnerId, reseller.partnerId);
      const customerId = await h.seed.customer({ cloud: options.customerCloud ?? 'global' });
      return { providerId: provider.partnerId, resellerId: reseller.partnerId, customerId };
    }

    it('the reseller invites with its provider: 201; accepting establishes both, DAP only for the reseller', async () => {
      const { providerId, resellerId, customerId } = await twoTier();
      const { response, appended } = await expectWrite(
        h,
        () =>
          h.http.post(requestPath(customerId), {
            token: tokens.partner(resellerId, salesAgent),
            body: { partnerId: resellerId, includeDelegatedAdmin: true, indirectProviderId: providerId },
          }),
        201,
      );
      expect(appended).toEqual(['RelationshipRequested']);
      const requested = (await h.seed.eventsOf(streams.customer(customerId))).at(-1);
      expect(requested?.data).toEqual({
        customerId,
        requestId: response.body.requestId,
        partners: [resellerId, providerId],
        delegatedAdminFor: [resellerId],
        indirectProviderId: providerId,
      });

      const accepted = await expectWrite(
        h,
        () => h.http.post(acceptPath(customerId, response.body.requestId), { token: tokens.customerAdmin(customerId), body: {} }),
        200,
      );
      expect(accepted.appended).toEqual([
        'RelationshipAccepted',
        'ResellerRelationshipEstablished',
        'ResellerRelationshipEstablished',
        'DelegatedAdminPrivilegesGranted',
      ]);
      const granted = (await h.seed.eventsOf(streams.customer(customerId))).at(-1);
      expect(granted?.data).toMatchObject({ partnerId: resellerId });
    });

    it('409 no-active-partnership: no partnership between them', async () => {
      const { providerId, resellerId, customerId } = await twoTier({ partnership: false });
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post(requestPath(customerId), {
            token: tokens.partner(resellerId),
            body: { partnerId: resellerId, includeDelegatedAdmin: false, indirectProviderId: providerId },
          }),
        409,
        'no-active-partnership',
      );
    });

    it('409 no-active-partnership: the inviter is not an indirect reseller', async () => {
      const { providerId, customerId } = await twoTier();
      const direct = await h.seed.partner({ partnerType: 'direct-provider' });
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post(requestPath(customerId), {
            token: tokens.partner(direct.partnerId),
            body: { partnerId: direct.partnerId, includeDelegatedAdmin: false, indirectProviderId: providerId },
          }),
        409,
        'no-active-partnership',
      );
    });

    it('409 cross-cloud', async () => {
      const { providerId, resellerId, customerId } = await twoTier({ customerCloud: 'china' });
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post(requestPath(customerId), {
            token: tokens.partner(resellerId),
            body: { partnerId: resellerId, includeDelegatedAdmin: false, indirectProviderId: providerId },
          }),
        409,
        'cross-cloud',
      );
    });

    it('409 relationship-exists: the reseller already works with the customer', async () => {
      const { providerId, resellerId, customerId } = await twoTier();
      await h.seed.relationship(customerId, resellerId);
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post(requestPath(customerId), {
            token: tokens.partner(resellerId),
            body: { partnerId: resellerId, includeDelegatedAdmin: false, indirectProviderId: providerId },
          }),
        409,
        'relationship-exists',
      );
    });

    it('404 partner-not-found: the indirect provider never enrolled', async () => {
      const { resellerId, customerId } = await twoTier({ partnership: false });
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post(requestPath(customerId), {
            token: tokens.partner(resellerId),
            body: { partnerId: resellerId, includeDelegatedAdmin: false, indirectProviderId: randomUUID() },
          }),
        404,
        'partner-not-found',
      );
    });
  });

  describe('POST …/relationship-requests/{requestId}/acceptance (AcceptRelationship)', () => {
    it('the customer accepts: 200 {position, customerId, requestId}; relationship and DAP established', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const requestId = await h.seed.request(customerId, partner.partnerId, { dap: true });
      const { response, appended } = await expectWrite(
        h,
        () => h.http.post(acceptPath(customerId, requestId), { token: tokens.customerAdmin(customerId), body: {} }),
        200,
      );
      expect(response.body).toEqual({ position: response.body.position, customerId, requestId });
      expect(appended).toEqual(['RelationshipAccepted', 'ResellerRelationshipEstablished', 'DelegatedAdminPrivilegesGranted']);
    });

    it('a body-less POST counts as {}', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const requestId = await h.seed.request(customerId, partner.partnerId);
      const { appended } = await expectWrite(h, () => h.http.post(acceptPath(customerId, requestId), { token: tokens.customerAdmin(customerId) }), 200);
      expect(appended).toEqual(['RelationshipAccepted', 'ResellerRelationshipEstablished']);
    });

    it('404 request-not-found for an id never issued; 404 customer-not-found for an unknown customer', async () => {
      const customerId = await h.seed.customer();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(acceptPath(customerId, randomUUID()), { token: tokens.customerAdmin(customerId), body: {} }),
        404,
        'request-not-found',
      );
      const unknownCustomer = randomUUID();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(acceptPath(unknownCustomer, randomUUID()), { token: tokens.customerAdmin(unknownCustomer), body: {} }),
        404,
        'customer-not-found',
      );
    });

    it('409 request-not-found once accepted, and once declined', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const accepted = await h.seed.request(customerId, partner.partnerId);
      const declined = await h.seed.request(customerId, partner.partnerId);
      await expectWrite(h, () => h.http.post(acceptPath(customerId, accepted), { token: tokens.customerAdmin(customerId), body: {} }), 200);
      await expectWrite(h, () => h.http.post(declinePath(customerId, declined), { token: tokens.customerAdmin(customerId), body: {} }), 200);
      for (const requestId of [accepted, declined]) {
        await expectRefusedWithoutAppend(
          h,
          () => h.http.post(acceptPath(customerId, requestId), { token: tokens.customerAdmin(customerId), body: {} }),
          409,
          'request-not-found',
        );
      }
    });

    it('accepting a second open request of an active partner skips what is active (re-grants DAP given up)', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const first = await h.seed.request(customerId, partner.partnerId, { dap: true });
      const second = await h.seed.request(customerId, partner.partnerId, { dap: true });
      await expectWrite(h, () => h.http.post(acceptPath(customerId, first), { token: tokens.customerAdmin(customerId), body: {} }), 200);
      await expectWrite(h, () => h.http.post(revocationPath(customerId, partner.partnerId), { token: tokens.partner(partner.partnerId), body: {} }), 200);
      const { appended } = await expectWrite(
        h,
        () => h.http.post(acceptPath(customerId, second), { token: tokens.customerAdmin(customerId), body: {} }),
        200,
      );
      expect(appended).toEqual(['RelationshipAccepted', 'DelegatedAdminPrivilegesGranted']);
    });

    it('400: the body must be {} (unknown fields refused) and customerId a UUID', async () => {
      const customerId = await h.seed.customer();
      expectFieldErrors(
        await h.http.post(acceptPath(customerId, randomUUID()), { token: tokens.customerAdmin(customerId), body: { accept: true } }),
        ['accept'],
      );
      expectFieldErrors(await h.http.post(acceptPath('nope', randomUUID()), { token: tokens.customerAdmin(customerId), body: {} }), ['customerId']);
    });

    it('an Idempotency-Key retry of an acceptance replays the first 200, not a 409', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const requestId = await h.seed.request(customerId, partner.partnerId);
      const key = randomUUID();
      const send = () => h.http.post(acceptPath(customerId, requestId), { token: tokens.customerAdmin(customerId), body: {}, headers: { 'idempotency-key': key } });
      const first = await send();
      expect(first.status).toBe(200);
      const head = await h.seed.headPosition();
      const retry = await send();
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(await h.seed.headPosition()).toBe(head);
      // Without the key it is a new command, refused because the request is closed.
      expectProblem(await h.http.post(acceptPath(customerId, requestId), { token: tokens.customerAdmin(customerId), body: {} }), 409, 'request-not-found');
    });
  });

  describe('POST …/relationship-requests/{requestId}/decline (DeclineRelationship)', () => {
    it('the customer declines: 200; nothing established; the request is closed', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const requestId = await h.seed.request(customerId, partner.partnerId, { dap: true });
      const { response, appended } = await expectWrite(
        h,
        () => h.http.post(declinePath(customerId, requestId), { token: tokens.customerAdmin(customerId), body: {} }),
        200,
      );
      expect(response.body).toEqual({ position: response.body.position, customerId, requestId });
      expect(appended).toEqual(['RelationshipDeclined']);
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(declinePath(customerId, requestId), { token: tokens.customerAdmin(customerId), body: {} }),
        409,
        'request-not-found',
      );
    });

    it('409 request-not-found after an acceptance; 404 for an unknown request or customer', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const requestId = await h.seed.request(customerId, partner.partnerId);
      await expectWrite(h, () => h.http.post(acceptPath(customerId, requestId), { token: tokens.customerAdmin(customerId), body: {} }), 200);
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(declinePath(customerId, requestId), { token: tokens.customerAdmin(customerId), body: {} }),
        409,
        'request-not-found',
      );
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(declinePath(customerId, 'never-issued'), { token: tokens.customerAdmin(customerId), body: {} }),
        404,
        'request-not-found',
      );
      const unknownCustomer = randomUUID();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(declinePath(unknownCustomer, requestId), { token: tokens.customerAdmin(unknownCustomer), body: {} }),
        404,
        'customer-not-found',
      );
    });

    it('400 for unknown fields', async () => {
      const customerId = await h.seed.customer();
      expectFieldErrors(await h.http.post(declinePath(customerId, 'x'), { token: tokens.customerAdmin(customerId), body: { reason: 'no' } }), ['reason']);
    });
  });

  describe('POST /v1/customers/{customerId}/relationships/{partnerId}/removal (RemoveCustomerRelationship)', () => {
    it('an admin removes: 200 {position, customerId, partnerId}; DAP and other partners untouched; facts recorded in UTC', async () => {
      const partner = await h.seed.partner();
      const other = await h.seed.partner();
      const customerId = await h.seed.customer();
      await h.seed.relationship(customerId, partner.partnerId, { dap: true });
      await h.seed.relationship(customerId, other.partnerId, { dap: true });
      const { response, appended } = await expectWrite(
        h,
        () => h.http.post(removalPath(customerId, partner.partnerId), { token: tokens.partner(partner.partnerId, accountAdmin), body: removalBody() }),
        200,
      );
      expect(response.body).toEqual({ position: response.body.position, customerId, partnerId: partner.partnerId });
      expect(appended).toEqual(['CustomerRelationshipRemoved']);
      const removed = (await h.seed.eventsOf(streams.customer(customerId))).at(-1);
      expect(removed?.data).toEqual({
        customerId,
        partnerId: partner.partnerId,
        attestation: { goodFaith: true, legitimateBusinessPurpose: 'The customer moved its business to another partner.' },
        legalNotice: { required: true, providedAt: '2025-03-01T07:30:00.000Z' },
      });
      // The DAP grant is retained: the customer can still revoke it.
      await expectWrite(h, () => h.http.post(revocationPath(customerId, partner.partnerId), { token: tokens.customerAdmin(customerId), body: {} }), 200);
    });

    it('422 attestation-required: goodFaith false reaches the decider (a boolean, so not a 400)', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      await h.seed.relationship(customerId, partner.partnerId);
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post(removalPath(customerId, partner.partnerId), {
            token: tokens.partner(partner.partnerId),
            body: removalBody({ attestation: { goodFaith: false, legitimateBusinessPurpose: 'Because.' } }),
          }),
        422,
        'attestation-required',
      );
    });

    it('409 relationship-not-found: never established, and after a removal', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(removalPath(customerId, partner.partnerId), { token: tokens.partner(partner.partnerId), body: removalBody() }),
        409,
        'relationship-not-found',
      );
      await h.seed.relationship(customerId, partner.partnerId);
      await h.seed.removeRelationship(customerId, partner.partnerId);
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(removalPath(customerId, partner.partnerId), { token: tokens.partner(partner.partnerId), body: removalBody() }),
        409,
        'relationship-not-found',
      );
    });

    it('relationship-not-found (409) is checked before attestation-required (422)', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post(removalPath(customerId, partner.partnerId), {
            token: tokens.partner(partner.partnerId),
            body: removalBody({ attestation: { goodFaith: false, legitimateBusinessPurpose: 'x' } }),
          }),
        409,
        'relationship-not-found',
      );
    });

    it('404 customer-not-found, 404 partner-not-found, 409 partner-not-approved', async () => {
      const partner = await h.seed.partner();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(removalPath(randomUUID(), partner.partnerId), { token: tokens.partner(partner.partnerId), body: removalBody() }),
        404,
        'customer-not-found',
      );
      const customerId = await h.seed.customer();
      const unknownPartner = randomUUID();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(removalPath(customerId, unknownPartner), { token: tokens.partner(unknownPartner), body: removalBody() }),
        404,
        'partner-not-found',
      );
      const pending = await h.seed.partner({ status: 'pending' });
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(removalPath(customerId, pending.partnerId), { token: tokens.partner(pending.partnerId), body: removalBody() }),
        409,
        'partner-not-approved',
      );
    });

    it('400: nested attestation and legalNotice are validated; goodFaith must be a boolean; purpose required, not blank, ≤2000', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const send = (body: unknown) => h.http.post(removalPath(customerId, partner.partnerId), { token: tokens.partner(partner.partnerId), body });
      expectFieldErrors(
        await send({
          attestation: { goodFaith: 'true', legitimateBusinessPurpose: '   ', extra: 1 },
          legalNotice: { required: 'no', providedAt: '2025-03-01' },
        }),
        ['attestation.goodFaith', 'attestation.legitimateBusinessPurpose', 'attestation.extra', 'legalNotice.required', 'legalNotice.providedAt'],
      );
      expectFieldErrors(await send({ attestation: { goodFaith: true, legitimateBusinessPurpose: 'x'.repeat(2001) }, legalNotice: { required: false } }), [
        'attestation.legitimateBusinessPurpose',
      ]);
      expectFieldErrors(await send({ attestation: { goodFaith: true }, legalNotice: { required: false } }), ['attestation.legitimateBusinessPurpose']);
      expectFieldErrors(await send({ attestation: 'yes' }), ['attestation', 'legalNotice']);
      expectFieldErrors(await send(removalBody({ legalNotice: { required: true, providedAt: '2025-02-30T00:00:00Z' } })), ['legalNotice.providedAt']);
      expectFieldErrors(
        await h.http.post(removalPath(customerId, 'not-a-partner-id'), { token: tokens.partner(partner.partnerId), body: removalBody() }),
        ['partnerId'],
      );
    });
  });

  describe('POST /v1/customers/{customerId}/dap-grants/{partnerId}/revocation (RevokeDelegatedAdminPrivileges)', () => {
    it('the customer revokes: 200 {position, customerId, partnerId}, revokedBy customer; the relationship stays', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      await h.seed.relationship(customerId, partner.partnerId, { dap: true });
      const { response, appended } = await expectWrite(
        h,
        () => h.http.post(revocationPath(customerId, partner.partnerId), { token: tokens.customerAdmin(customerId), body: {} }),
        200,
      );
      expect(response.body).toEqual({ position: response.body.position, customerId, partnerId: partner.partnerId });
      expect(appended).toEqual(['DelegatedAdminPrivilegesRevoked']);
      expect((await h.seed.eventsOf(streams.customer(customerId))).at(-1)?.data).toEqual({
        customerId,
        partnerId: partner.partnerId,
        revokedBy: 'customer',
      });
      // Still an active relationship: a new request is refused as relationship-exists.
      expectProblem(
        await h.http.post(requestPath(customerId), { token: tokens.partner(partner.partnerId), body: { partnerId: partner.partnerId, includeDelegatedAdmin: true } }),
        409,
        'relationship-exists',
      );
    });

    it('an authorization check straight after the revocation, without minPosition, already refuses (api.md: checks come from the log, always current)', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      await h.seed.relationship(customerId, partner.partnerId, { dap: true });
      const check = () => h.http.get(`/v1/authorizations/check?partnerId=${partner.partnerId}&customerId=${customerId}&action=administer-tenant`, { token: tokens.auditor() });
      // Asked once before, so the API's stream read cache holds the customer's stream when the revocation lands.
      expect((await check()).body).toMatchObject({ allowed: true });
      await expectWrite(h, () => h.http.post(revocationPath(customerId, partner.partnerId), { token: tokens.customerAdmin(customerId), body: {} }), 200);
      expect((await check()).body).toMatchObject({ allowed: false });
    });

    it("the partner's admin gives a retained grant up: revokedBy partner", async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      await h.seed.relationship(customerId, partner.partnerId, { dap: true });
      await h.seed.removeRelationship(customerId, partner.partnerId);
      const { appended } = await expectWrite(
        h,
        () => h.http.post(revocationPath(customerId, partner.partnerId), { token: tokens.partner(partner.partnerId, accountAdmin), body: {} }),
        200,
      );
      expect(appended).toEqual(['DelegatedAdminPrivilegesRevoked']);
      expect((await h.seed.eventsOf(streams.customer(customerId))).at(-1)?.data).toMatchObject({ revokedBy: 'partner' });
    });

    it('409 grant-not-found: never granted, and after a revocation', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      await h.seed.relationship(customerId, partner.partnerId, { dap: false });
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(revocationPath(customerId, partner.partnerId), { token: tokens.customerAdmin(customerId), body: {} }),
        409,
        'grant-not-found',
      );
      const withDap = await h.seed.partner();
      await h.seed.relationship(customerId, withDap.partnerId, { dap: true });
      await expectWrite(h, () => h.http.post(revocationPath(customerId, withDap.partnerId), { token: tokens.customerAdmin(customerId), body: {} }), 200);
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(revocationPath(customerId, withDap.partnerId), { token: tokens.partner(withDap.partnerId), body: {} }),
        409,
        'grant-not-found',
      );
    });

    it('404 partner-not-found (also when the customer revokes), 404 customer-not-found, 409 partner-not-approved', async () => {
      const customerId = await h.seed.customer();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(revocationPath(customerId, randomUUID()), { token: tokens.customerAdmin(customerId), body: {} }),
        404,
        'partner-not-found',
      );
      const partner = await h.seed.partner();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(revocationPath(randomUUID(), partner.partnerId), { token: tokens.partner(partner.partnerId), body: {} }),
        404,
        'customer-not-found',
      );
      const pending = await h.seed.partner({ status: 'pending' });
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(revocationPath(customerId, pending.partnerId), { token: tokens.partner(pending.partnerId), body: {} }),
        409,
        'partner-not-approved',
      );
    });

    it('400 for unknown fields and bad ids', async () => {
      const customerId = await h.seed.customer();
      expectFieldErrors(
        await h.http.post(revocationPath(customerId, randomUUID()), { token: tokens.customerAdmin(customerId), body: { revokedBy: 'customer' } }),
        ['revokedBy'],
      );
      expectFieldErrors(await h.http.post(revocationPath('c', 'p'), { token: tokens.customerAdmin(customerId), body: {} }), ['customerId', 'partnerId']);
    });
  });
});
