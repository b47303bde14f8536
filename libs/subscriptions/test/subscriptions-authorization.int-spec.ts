import { randomUUID } from 'node:crypto';
import {
  expectOnlyAllowedActor,
  expectProblem,
  expectRefusedWithoutAppend,
  expectWrite,
  type LedgerApiHarness,
  SEEDED_PARTNER_USERS,
  startLedgerApi,
  tokens,
} from '../../customers/test/support/ledger-api-harness';

/*
 * Who may do what (domain §2, §4.4) over HTTP: for every subscription command, each actor that must
 * be refused — wrong actor kind, wrong tenant, an unrecorded partner user, a recorded user or a
 * customer user with too few roles — gets 403 `forbidden` and appends nothing; then the allowed
 * actor succeeds on the very same request. Partner tokens always claim `global-admin`: only the
 * roles the ledger recorded count.
 */

jest.setTimeout(60_000);

const { globalAdmin, salesAgent, helpdesk, billingAdmin } = SEEDED_PARTNER_USERS;

describe('subscriptions write API: authorization (403, nothing appended)', () => {
  let h: LedgerApiHarness;

  beforeAll(async () => {
    h = await startLedgerApi();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const readOnlyKinds = () => ({ 'kind auditor': tokens.auditor(), 'kind service': tokens.service() });

  /** A customer with two partners it works with: `partner` (of record) and `other`. */
  async function customerWithTwoPartners() {
    const partner = await h.seed.partner();
    const other = await h.seed.partner();
    const customerId = await h.seed.customer();
    await h.seed.relationship(customerId, partner.partnerId);
    await h.seed.relationship(customerId, other.partnerId);
    return { partnerId: partner.partnerId, otherId: other.partnerId, customerId };
  }

  async function recordCsp(customerId: string, partnerId: string, billing: 'license' | 'usage' = 'usage'): Promise<string> {
    const subscriptionId = randomUUID();
    const response = await h.http.post('/v1/subscriptions', {
      token: tokens.partner(partnerId, salesAgent),
      body: { subscriptionId, customerId, offer: 'Azure plan', billing, channel: 'csp', partnerOfRecord: partnerId },
    });
    expect(response.status).toBe(201);
    return subscriptionId;
  }

  it('RecordSubscription, csp: sellers of the partner of record only', async () => {
    const { partnerId, otherId, customerId } = await customerWithTwoPartners();
    const body = { subscriptionId: randomUUID(), customerId, offer: 'Microsoft 365 E5', billing: 'license', channel: 'csp', partnerOfRecord: partnerId };
    await expectOnlyAllowedActor(h, {
      send: (token) => h.http.post('/v1/subscriptions', { token, body }),
      refused: {
        ...readOnlyKinds(),
        'kind program (csp is recorded by the partner)': tokens.program(),
        "kind customer (the customer's global admin)": tokens.customerAdmin(customerId),
        'another partner of the customer (tenant)': tokens.partner(otherId, globalAdmin),
        'unrecorded partner user': tokens.partner(partnerId, 'nobody'),
        'recorded helpdesk agent': tokens.partner(partnerId, helpdesk),
        'recorded billing admin': tokens.partner(partnerId, billingAdmin),
      },
      allowed: tokens.partner(partnerId, salesAgent),
      status: 201,
    });
  });

  it("RecordSubscription, other channels: the program or the customer's global admin", async () => {
    const { partnerId, customerId } = await customerWithTwoPartners();
    const body = (subscriptionId: string) => ({ subscriptionId, customerId, offer: 'Azure plan', billing: 'usage', channel: 'direct' });
    const subscriptionId = randomUUID();
    await expectOnlyAllowedActor(h, {
      send: (token) => h.http.post('/v1/subscriptions', { token, body: body(subscriptionId) }),
      refused: {
        ...readOnlyKinds(),
        'kind partner (even one working with the customer)': tokens.partner(partnerId, globalAdmin),
        'another customer tenant': tokens.customerAdmin(randomUUID()),
        'customer user without global-admin': tokens.customerUser(customerId),
      },
      allowed: tokens.customerAdmin(customerId),
      status: 201,
    });
    await expectWrite(h, () => h.http.post('/v1/subscriptions', { token: tokens.program(), body: body(randomUUID()) }), 201);
  });

  for (const [command, path, bodyOf] of [
    ['DelegateSubscriptionManagement', 'management-delegation', (partnerId: string) => ({ partnerId })],
    ['SwitchSubscriptionPartner', 'partner-switch', (partnerId: string) => ({ toPartnerId: partnerId })],
  ] as const) {
    it(`${command}: the customer's global admin only`, async () => {
      const { partnerId, otherId, customerId } = await customerWithTwoPartners();
      const subscriptionId = await recordCsp(customerId, partnerId);
      await expectOnlyAllowedActor(h, {
        send: (token) => h.http.post(`/v1/subscriptions/${subscriptionId}/${path}`, { token, body: bodyOf(otherId) }),
        refused: {
          ...readOnlyKinds(),
          'kind program': tokens.program(),
          'kind partner (the partner of record)': tokens.partner(partnerId, globalAdmin),
          'kind partner (the target partner)': tokens.partner(otherId, globalAdmin),
          'another customer tenant': tokens.customerAdmin(randomUUID()),
          'customer user without global-admin': tokens.customerUser(customerId),
        },
        allowed: tokens.customerAdmin(customerId),
        status: 200,
      });
    });
  }

  it("CancelSubscription: sellers of the partner of record, or the customer's global admin", async () => {
    const { partnerId, otherId, customerId } = await customerWithTwoPartners();
    const subscriptionId = await recordCsp(customerId, partnerId);
    // `other` manages the subscription: a manager is not the partner of record.
    await expectWrite(
      h,
      () => h.http.post(`/v1/subscriptions/${subscriptionId}/management-delegation`, { token: tokens.customerAdmin(customerId), body: { partnerId: otherId } }),
      200,
    );
    await expectOnlyAllowedActor(h, {
      send: (token) => h.http.post(`/v1/subscriptions/${subscriptionId}/cancellation`, { token, body: {} }),
      refused: {
        ...readOnlyKinds(),
        'kind program': tokens.program(),
        'the managing partner (not of record: tenant)': tokens.partner(otherId, globalAdmin),
        'another customer tenant': tokens.customerAdmin(randomUUID()),
        'customer user without global-admin': tokens.customerUser(customerId),
        'unrecorded partner user': tokens.partner(partnerId, 'nobody'),
        'recorded helpdesk agent': tokens.partner(partnerId, helpdesk),
      },
      allowed: tokens.partner(partnerId, salesAgent),
      status: 200,
    });
    const another = await recordCsp(customerId, partnerId);
    await expectWrite(h, () => h.http.post(`/v1/subscriptions/${another}/cancellation`, { token: tokens.customerAdmin(customerId), body: {} }), 200);
  });

  describe('check order', () => {
    it('an unknown subscription is 404 for a customer actor, since its customer is only known from it', async () => {
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(`/v1/subscriptions/${randomUUID()}/cancellation`, { token: tokens.customerAdmin(randomUUID()), body: {} }),
        404,
        'subscription-not-found',
      );
    });

    it('a wrong actor kind is 403 before the unknown subscription (404)', async () => {
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(`/v1/subscriptions/${randomUUID()}/partner-switch`, { token: tokens.program(), body: { toPartnerId: randomUUID() } }),
        403,
        'forbidden',
      );
    });

    it('a csp recording by another partner is 403 before the unknown customer (404)', async () => {
      const partner = await h.seed.partner();
      const other = await h.seed.partner();
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post('/v1/subscriptions', {
            token: tokens.partner(other.partnerId),
            body: { subscriptionId: randomUUID(), customerId: randomUUID(), offer: 'O', billing: 'usage', channel: 'csp', partnerOfRecord: partner.partnerId },
          }),
        403,
        'forbidden',
      );
    });

    it('roles (403) come before the rules: a helpdesk agent recording for an unrelated customer gets 403, not no-active-relationship', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const response = await h.http.post('/v1/subscriptions', {
        token: tokens.partner(partner.partnerId, helpdesk),
        body: { subscriptionId: randomUUID(), customerId, offer: 'O', billing: 'usage', channel: 'csp', partnerOfRecord: partner.partnerId },
      });
      expectProblem(response, 403, 'forbidden');
    });
  });
});
