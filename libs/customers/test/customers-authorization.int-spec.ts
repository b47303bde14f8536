import { randomUUID } from 'node:crypto';
import {
  expectProblem,
  expectRefusedWithoutAppend,
  expectOnlyAllowedActor,
  expectWrite,
  type LedgerApiHarness,
  SEEDED_PARTNER_USERS,
  startLedgerApi,
  tokens,
} from './support/ledger-api-harness';

/*
 * Who may do what (domain §2, §4.3) over HTTP: for every customer command, each kind of actor that
 * must be refused — wrong actor kind, wrong tenant, a partner user the ledger never recorded, a
 * recorded user (or customer user) with too few roles — gets 403 `forbidden` and appends nothing;
 * then the allowed actor succeeds on the very same request, so the 403s are about the actor alone.
 * Partner tokens always claim `global-admin`: only the roles the ledger recorded count.
 */

jest.setTimeout(60_000);

const { globalAdmin, accountAdmin, salesAgent, helpdesk, billingAdmin } = SEEDED_PARTNER_USERS;

describe('customers write API: authorization (403, nothing appended)', () => {
  let h: LedgerApiHarness;

  beforeAll(async () => {
    h = await startLedgerApi();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Tokens every matrix refuses whatever the command: actors that may write nothing on customers. */
  const readOnlyKinds = () => ({ 'kind auditor': tokens.auditor(), 'kind service': tokens.service() });

  it('RegisterCustomer: sellers of an approved partner, or the customer itself', async () => {
    const partner = await h.seed.partner();
    const customerId = randomUUID();
    const body = { customerId, companyName: 'Fabrikam', domain: 'fabrikam.example', country: 'DE', cloud: 'global' };
    const send = (token: string) => h.http.post('/v1/customers', { token, body });
    await expectOnlyAllowedActor(h, {
      send,
      refused: {
        ...readOnlyKinds(),
        'kind program': tokens.program(),
        'another customer tenant': tokens.customerAdmin(randomUUID()),
        'customer user without global-admin': tokens.customerUser(customerId),
        'unrecorded partner user': tokens.partner(partner.partnerId, 'nobody'),
        'recorded helpdesk agent': tokens.partner(partner.partnerId, helpdesk),
        'recorded billing admin': tokens.partner(partner.partnerId, billingAdmin),
      },
      allowed: tokens.partner(partner.partnerId, salesAgent),
      status: 201,
    });
    const selfRegistered = randomUUID();
    await expectWrite(
      h,
      () => h.http.post('/v1/customers', { token: tokens.customerAdmin(selfRegistered), body: { ...body, customerId: selfRegistered } }),
      201,
    );
  });

  it('RequestResellerRelationship: sellers of partnerId only', async () => {
    const partner = await h.seed.partner();
    const other = await h.seed.partner();
    const customerId = await h.seed.customer();
    const send = (token: string) =>
      h.http.post(`/v1/customers/${customerId}/relationship-requests`, { token, body: { partnerId: partner.partnerId, includeDelegatedAdmin: true } });
    await expectOnlyAllowedActor(h, {
      send,
      refused: {
        ...readOnlyKinds(),
        'kind program': tokens.program(),
        'kind customer (the customer itself)': tokens.customerAdmin(customerId),
        'another partner (tenant)': tokens.partner(other.partnerId, globalAdmin),
        'unrecorded partner user': tokens.partner(partner.partnerId, 'nobody'),
        'recorded helpdesk agent': tokens.partner(partner.partnerId, helpdesk),
        'recorded billing admin': tokens.partner(partner.partnerId, billingAdmin),
      },
      allowed: tokens.partner(partner.partnerId, salesAgent),
      status: 201,
    });
  });

  it('InviteCustomerWithIndirectProvider: sellers of the reseller only (not the provider)', async () => {
    const provider = await h.seed.partner({ partnerType: 'indirect-provider' });
    const reseller = await h.seed.partner({ partnerType: 'indirect-reseller' });
    await h.seed.partnership(provider.partnerId, reseller.partnerId);
    const customerId = await h.seed.customer();
    const send = (token: string) =>
      h.http.post(`/v1/customers/${customerId}/relationship-requests`, {
        token,
        body: { partnerId: reseller.partnerId, includeDelegatedAdmin: false, indirectProviderId: provider.partnerId },
      });
    await expectOnlyAllowedActor(h, {
      send,
      refused: {
        ...readOnlyKinds(),
        'kind program': tokens.program(),
        'kind customer': tokens.customerAdmin(customerId),
        'the indirect provider (tenant)': tokens.partner(provider.partnerId, globalAdmin),
        'unrecorded reseller user': tokens.partner(reseller.partnerId, 'nobody'),
        'recorded helpdesk agent': tokens.partner(reseller.partnerId, helpdesk),
      },
      allowed: tokens.partner(reseller.partnerId, salesAgent),
      status: 201,
    });
  });

  for (const action of ['acceptance', 'decline'] as const) {
    it(`${action === 'acceptance' ? 'AcceptRelationship' : 'DeclineRelationship'}: the customer's global admin only`, async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const requestId = await h.seed.request(customerId, partner.partnerId, { dap: true });
      const send = (token: string) => h.http.post(`/v1/customers/${customerId}/relationship-requests/${requestId}/${action}`, { token, body: {} });
      await expectOnlyAllowedActor(h, {
        send,
        refused: {
          ...readOnlyKinds(),
          'kind program': tokens.program(),
          'kind partner (the requesting partner)': tokens.partner(partner.partnerId, globalAdmin),
          'another customer tenant': tokens.customerAdmin(randomUUID()),
          'customer user without global-admin': tokens.customerUser(customerId),
        },
        allowed: tokens.customerAdmin(customerId),
        status: 200,
      });
    });
  }

  it('RemoveCustomerRelationship: admins of that partner only (not its sales agents)', async () => {
    const partner = await h.seed.partner();
    const other = await h.seed.partner();
    const customerId = await h.seed.customer();
    await h.seed.relationship(customerId, partner.partnerId, { dap: true });
    await h.seed.relationship(customerId, other.partnerId);
    const send = (token: string) =>
      h.http.post(`/v1/customers/${customerId}/relationships/${partner.partnerId}/removal`, {
        token,
        body: { attestation: { goodFaith: true, legitimateBusinessPurpose: 'Contract ended.' }, legalNotice: { required: false } },
      });
    await expectOnlyAllowedActor(h, {
      send,
      refused: {
        ...readOnlyKinds(),
        'kind program': tokens.program(),
        'kind customer': tokens.customerAdmin(customerId),
        'another partner of the same customer (tenant)': tokens.partner(other.partnerId, globalAdmin),
        'unrecorded partner user': tokens.partner(partner.partnerId, 'nobody'),
        'recorded sales agent (a seller, not an admin)': tokens.partner(partner.partnerId, salesAgent),
        'recorded helpdesk agent': tokens.partner(partner.partnerId, helpdesk),
      },
      allowed: tokens.partner(partner.partnerId, accountAdmin),
      status: 200,
    });
  });

  it("RevokeDelegatedAdminPrivileges: the customer's global admin, or admins of that partner", async () => {
    const partner = await h.seed.partner();
    const other = await h.seed.partner();
    const customerId = await h.seed.customer();
    await h.seed.relationship(customerId, partner.partnerId, { dap: true });
    await h.seed.relationship(customerId, other.partnerId, { dap: true });
    const send = (token: string) => h.http.post(`/v1/customers/${customerId}/dap-grants/${partner.partnerId}/revocation`, { token, body: {} });
    await expectOnlyAllowedActor(h, {
      send,
      refused: {
        ...readOnlyKinds(),
        'kind program': tokens.program(),
        'another customer tenant': tokens.customerAdmin(randomUUID()),
        'customer user without global-admin': tokens.customerUser(customerId),
        "another partner holding its own grant (tenant)": tokens.partner(other.partnerId, globalAdmin),
        'unrecorded partner user': tokens.partner(partner.partnerId, 'nobody'),
        'recorded sales agent': tokens.partner(partner.partnerId, salesAgent),
      },
      allowed: tokens.customerAdmin(customerId),
      status: 200,
    });
    // The partner's own admin may give up its grant too.
    await expectWrite(
      h,
      () => h.http.post(`/v1/customers/${customerId}/dap-grants/${other.partnerId}/revocation`, { token: tokens.partner(other.partnerId, accountAdmin), body: {} }),
      200,
    );
  });

  describe('check order (api.md, Errors): shape 400 → kind/tenant 403 → unknown ids 404 → roles 403 → rules', () => {
    it('a wrong-tenant actor on an unknown customer gets 403, not 404', async () => {
      const partner = await h.seed.partner();
      const other = await h.seed.partner();
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post(`/v1/customers/${randomUUID()}/relationship-requests`, {
            token: tokens.partner(other.partnerId),
            body: { partnerId: partner.partnerId, includeDelegatedAdmin: false },
          }),
        403,
        'forbidden',
      );
    });

    it('a recorded user with too few roles on an unknown customer gets 404 (unknown ids before roles)', async () => {
      const partner = await h.seed.partner();
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post(`/v1/customers/${randomUUID()}/relationship-requests`, {
            token: tokens.partner(partner.partnerId, helpdesk),
            body: { partnerId: partner.partnerId, includeDelegatedAdmin: false },
          }),
        404,
        'customer-not-found',
      );
    });

    it('roles (403) come before the rules: a helpdesk agent asking where a relationship exists gets 403, not relationship-exists', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      await h.seed.relationship(customerId, partner.partnerId);
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post(`/v1/customers/${customerId}/relationship-requests`, {
            token: tokens.partner(partner.partnerId, helpdesk),
            body: { partnerId: partner.partnerId, includeDelegatedAdmin: false },
          }),
        403,
        'forbidden',
      );
    });

    it('a customer user without global-admin on an unknown request gets 404 request-not-found (ids before roles)', async () => {
      const customerId = await h.seed.customer();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(`/v1/customers/${customerId}/relationship-requests/${randomUUID()}/acceptance`, { token: tokens.customerUser(customerId), body: {} }),
        404,
        'request-not-found',
      );
    });

    it('a bad body is 400 even for an actor who may not act (shape before the actor)', async () => {
      const customerId = await h.seed.customer();
      const response = await h.http.post(`/v1/customers/${customerId}/relationship-requests`, {
        token: tokens.customerAdmin(customerId),
        body: { partnerId: 'x', includeDelegatedAdmin: false },
      });
      expectProblem(response, 400, 'validation-failed');
    });

    it('no token is 401 before anything else', async () => {
      const response = await h.http.post('/v1/customers', { body: { nonsense: true } });
      expectProblem(response, 401, 'unauthenticated');
    });
  });
});
