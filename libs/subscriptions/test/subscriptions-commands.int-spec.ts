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
} from '../../customers/test/support/ledger-api-harness';

/*
 * Domain §4.4 over HTTP: every subscription command's success answer and every error code of its
 * rules with the api.md status (plus the ledger's 422 `partner-of-record-not-allowed`), shape
 * validation (400) and Idempotency-Key replays. Partners, customers and relationships are seeded
 * through the execute functions; the commands under test go through the real API process.
 */

jest.setTimeout(60_000);

const { salesAgent } = SEEDED_PARTNER_USERS;
const PAST = '2020-01-01T00:00:00Z';
const FUTURE = '2999-01-01T00:00:00Z';

describe('subscriptions write API', () => {
  let h: LedgerApiHarness;

  beforeAll(async () => {
    h = await startLedgerApi();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const delegationPath = (subscriptionId: string) => `/v1/subscriptions/${subscriptionId}/management-delegation`;
  const switchPath = (subscriptionId: string) => `/v1/subscriptions/${subscriptionId}/partner-switch`;
  const cancellationPath = (subscriptionId: string) => `/v1/subscriptions/${subscriptionId}/cancellation`;

  /** A customer working with a partner (active relationship). */
  async function customerWithPartner() {
    const partner = await h.seed.partner();
    const customerId = await h.seed.customer();
    await h.seed.relationship(customerId, partner.partnerId);
    return { partnerId: partner.partnerId, customerId };
  }

  /** Records a subscription over HTTP and returns its id. */
  async function recorded(
    customerId: string,
    options: { channel?: string; billing?: 'license' | 'usage'; partnerOfRecord?: string; termEndsAt?: string } = {},
  ): Promise<string> {
    const subscriptionId = randomUUID();
    const channel = options.channel ?? 'csp';
    const token = channel === 'csp' ? tokens.partner(options.partnerOfRecord!, salesAgent) : tokens.customerAdmin(customerId);
    const response = await h.http.post('/v1/subscriptions', {
      token,
      body: {
        subscriptionId,
        customerId,
        offer: 'Microsoft 365 E3',
        billing: options.billing ?? 'license',
        channel,
        ...(options.partnerOfRecord !== undefined ? { partnerOfRecord: options.partnerOfRecord } : {}),
        ...(options.termEndsAt !== undefined ? { termEndsAt: options.termEndsAt } : {}),
      },
    });
    if (response.status !== 201) throw new Error(`RecordSubscription failed: ${response.status} ${response.text}`);
    return subscriptionId;
  }

  describe('POST /v1/subscriptions (RecordSubscription)', () => {
    it('csp by a seller of the partner of record: 201 {position, subscriptionId}; termEndsAt recorded in UTC', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      const subscriptionId = randomUUID();
      const { response, appended } = await expectWrite(
        h,
        () =>
          h.http.post('/v1/subscriptions', {
            token: tokens.partner(partnerId, salesAgent),
            body: {
              subscriptionId,
              customerId,
              offer: 'Microsoft 365 E3',
              billing: 'license',
              channel: 'csp',
              partnerOfRecord: partnerId,
              termEndsAt: '2026-06-30T23:00:00-01:00',
            },
          }),
        201,
      );
      expect(response.body).toEqual({ position: response.body.position, subscriptionId });
      expect(appended).toEqual(['SubscriptionRecorded']);
      const [event] = await h.seed.eventsOf(streams.subscription(subscriptionId));
      expect(event?.data).toEqual({
        subscriptionId,
        customerId,
        offer: 'Microsoft 365 E3',
        billing: 'license',
        channel: 'csp',
        partnerOfRecord: partnerId,
        termEndsAt: '2026-07-01T00:00:00.000Z',
      });
    });

    it("another channel by the program, and by the customer's global admin: 201, no partner of record", async () => {
      const customerId = await h.seed.customer();
      for (const [channel, token] of [
        ['ea', tokens.program()],
        ['direct', tokens.customerAdmin(customerId)],
      ] as const) {
        const subscriptionId = randomUUID();
        const { appended } = await expectWrite(
          h,
          () => h.http.post('/v1/subscriptions', { token, body: { subscriptionId, customerId, offer: 'Azure plan', billing: 'usage', channel } }),
          201,
        );
        expect(appended).toEqual(['SubscriptionRecorded']);
        const [event] = await h.seed.eventsOf(streams.subscription(subscriptionId));
        expect(event?.data).toEqual({ subscriptionId, customerId, offer: 'Azure plan', billing: 'usage', channel });
      }
    });

    it('404 customer-not-found (csp and other channels)', async () => {
      const partner = await h.seed.partner();
      const unknownCustomer = randomUUID();
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post('/v1/subscriptions', {
            token: tokens.partner(partner.partnerId, salesAgent),
            body: { subscriptionId: randomUUID(), customerId: unknownCustomer, offer: 'O', billing: 'license', channel: 'csp', partnerOfRecord: partner.partnerId },
          }),
        404,
        'customer-not-found',
      );
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post('/v1/subscriptions', {
            token: tokens.program(),
            body: { subscriptionId: randomUUID(), customerId: unknownCustomer, offer: 'O', billing: 'usage', channel: 'open' },
          }),
        404,
        'customer-not-found',
      );
    });

    it('404 partner-not-found: a csp partner of record that never enrolled', async () => {
      const customerId = await h.seed.customer();
      const unknownPartner = randomUUID();
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post('/v1/subscriptions', {
            token: tokens.partner(unknownPartner),
            body: { subscriptionId: randomUUID(), customerId, offer: 'O', billing: 'license', channel: 'csp', partnerOfRecord: unknownPartner },
          }),
        404,
        'partner-not-found',
      );
    });

    it('409 partner-not-approved', async () => {
      const pending = await h.seed.partner({ status: 'pending' });
      const customerId = await h.seed.customer();
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post('/v1/subscriptions', {
            token: tokens.partner(pending.partnerId),
            body: { subscriptionId: randomUUID(), customerId, offer: 'O', billing: 'license', channel: 'csp', partnerOfRecord: pending.partnerId },
          }),
        409,
        'partner-not-approved',
      );
    });

    it('409 already-recorded', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      const subscriptionId = await recorded(customerId, { partnerOfRecord: partnerId });
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post('/v1/subscriptions', {
            token: tokens.partner(partnerId, salesAgent),
            body: { subscriptionId, customerId, offer: 'Other', billing: 'usage', channel: 'csp', partnerOfRecord: partnerId },
          }),
        409,
        'already-recorded',
      );
    });

    it('409 no-active-relationship: csp by a partner without a relationship, after its removal, or with no partner of record', async () => {
      const partner = await h.seed.partner();
      const customerId = await h.seed.customer();
      const send = (body: Record<string, unknown>) =>
        h.http.post('/v1/subscriptions', {
          token: tokens.partner(partner.partnerId, salesAgent),
          body: { subscriptionId: randomUUID(), customerId, offer: 'O', billing: 'license', channel: 'csp', ...body },
        });
      await expectRefusedWithoutAppend(h, () => send({ partnerOfRecord: partner.partnerId }), 409, 'no-active-relationship');
      await expectRefusedWithoutAppend(h, () => send({}), 409, 'no-active-relationship');
      await h.seed.relationship(customerId, partner.partnerId);
      await h.seed.removeRelationship(customerId, partner.partnerId);
      await expectRefusedWithoutAppend(h, () => send({ partnerOfRecord: partner.partnerId }), 409, 'no-active-relationship');
    });

    it('422 partner-of-record-not-allowed: a non-csp subscription naming a partner of record', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      await expectRefusedWithoutAppend(
        h,
        () =>
          h.http.post('/v1/subscriptions', {
            token: tokens.customerAdmin(customerId),
            body: { subscriptionId: randomUUID(), customerId, offer: 'O', billing: 'usage', channel: 'direct', partnerOfRecord: partnerId },
          }),
        422,
        'partner-of-record-not-allowed',
      );
    });

    it('400 lists every bad field: ids, offer, enums, termEndsAt, unknown fields', async () => {
      expectFieldErrors(
        await h.http.post('/v1/subscriptions', {
          token: tokens.program(),
          body: {
            subscriptionId: 's1',
            customerId: 'c1',
            offer: '',
            billing: 'seat',
            channel: 'retail',
            partnerOfRecord: 'p1',
            termEndsAt: 'next year',
            seats: 10,
          },
        }),
        ['subscriptionId', 'customerId', 'offer', 'billing', 'channel', 'partnerOfRecord', 'termEndsAt', 'seats'],
      );
      const valid = { subscriptionId: randomUUID(), customerId: randomUUID(), offer: 'O', billing: 'license', channel: 'ea' };
      for (const termEndsAt of ['2026-06-30', '2026-06-30T00:00:00', '2026-02-30T00:00:00Z', 20260630]) {
        expectFieldErrors(await h.http.post('/v1/subscriptions', { token: tokens.program(), body: { ...valid, termEndsAt } }), ['termEndsAt']);
      }
      expectFieldErrors(await h.http.post('/v1/subscriptions', { token: tokens.program(), body: { ...valid, offer: 'x'.repeat(257) } }), ['offer']);
    });

    it('an Idempotency-Key retry returns the first 201 and appends nothing', async () => {
      const customerId = await h.seed.customer();
      const body = { subscriptionId: randomUUID(), customerId, offer: 'Dynamics 365', billing: 'license', channel: 'advisor' };
      const key = randomUUID();
      const first = await h.http.post('/v1/subscriptions', { token: tokens.program(), body, headers: { 'idempotency-key': key } });
      expect(first.status).toBe(201);
      const head = await h.seed.headPosition();
      const retry = await h.http.post('/v1/subscriptions', { token: tokens.program(), body, headers: { 'idempotency-key': key } });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await h.seed.headPosition()).toBe(head);
      // A new command with the same id (no key) is refused: it is recorded once.
      expectProblem(await h.http.post('/v1/subscriptions', { token: tokens.program(), body }), 409, 'already-recorded');
    });
  });

  describe('POST /v1/subscriptions/{subscriptionId}/management-delegation (DelegateSubscriptionManagement)', () => {
    it('the customer hires a partner to manage a subscription bought elsewhere: 200; the partner of record is unchanged', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      const subscriptionId = await recorded(customerId, { channel: 'direct', billing: 'usage' });
      const { response, appended } = await expectWrite(
        h,
        () => h.http.post(delegationPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { partnerId } }),
        200,
      );
      expect(response.body).toEqual({ position: response.body.position, subscriptionId, partnerId });
      expect(appended).toEqual(['SubscriptionManagementDelegated']);
      expect((await h.seed.eventsOf(streams.subscription(subscriptionId))).at(-1)?.data).toEqual({ subscriptionId, customerId, partnerId });
    });

    it('404 subscription-not-found, 404 partner-not-found', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(delegationPath(randomUUID()), { token: tokens.customerAdmin(customerId), body: { partnerId } }),
        404,
        'subscription-not-found',
      );
      const subscriptionId = await recorded(customerId, { channel: 'direct' });
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(delegationPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { partnerId: randomUUID() } }),
        404,
        'partner-not-found',
      );
    });

    it('409 subscription-not-active (cancelled), 409 no-active-relationship', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      const stranger = await h.seed.partner();
      const subscriptionId = await recorded(customerId, { channel: 'open' });
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(delegationPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { partnerId: stranger.partnerId } }),
        409,
        'no-active-relationship',
      );
      await expectWrite(h, () => h.http.post(cancellationPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: {} }), 200);
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(delegationPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { partnerId } }),
        409,
        'subscription-not-active',
      );
    });

    it('400: partnerId a UUID, subscriptionId a UUID, no other field', async () => {
      const customerId = await h.seed.customer();
      expectFieldErrors(
        await h.http.post(delegationPath(randomUUID()), { token: tokens.customerAdmin(customerId), body: { partnerId: 'p', until: 'x' } }),
        ['partnerId', 'until'],
      );
      expectFieldErrors(await h.http.post(delegationPath('s'), { token: tokens.customerAdmin(customerId), body: { partnerId: randomUUID() } }), [
        'subscriptionId',
      ]);
    });
  });

  describe('POST /v1/subscriptions/{subscriptionId}/partner-switch (SwitchSubscriptionPartner)', () => {
    it('a usage (Azure) subscription switches at any time: 200 {position, subscriptionId, toPartnerId}', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      const target = await h.seed.partner();
      await h.seed.relationship(customerId, target.partnerId);
      const subscriptionId = await recorded(customerId, { partnerOfRecord: partnerId, billing: 'usage', termEndsAt: FUTURE });
      const { response, appended } = await expectWrite(
        h,
        () => h.http.post(switchPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { toPartnerId: target.partnerId } }),
        200,
      );
      expect(response.body).toEqual({ position: response.body.position, subscriptionId, toPartnerId: target.partnerId });
      expect(appended).toEqual(['SubscriptionPartnerSwitched']);
      expect((await h.seed.eventsOf(streams.subscription(subscriptionId))).at(-1)?.data).toEqual({
        subscriptionId,
        customerId,
        fromPartnerId: partnerId,
        toPartnerId: target.partnerId,
      });
    });

    it('a license subscription switches once its term has ended', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      const target = await h.seed.partner();
      await h.seed.relationship(customerId, target.partnerId);
      const subscriptionId = await recorded(customerId, { partnerOfRecord: partnerId, billing: 'license', termEndsAt: PAST });
      await expectWrite(h, () => h.http.post(switchPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { toPartnerId: target.partnerId } }), 200);
    });

    it('409 license-term-not-ended: term in the future, or no term recorded', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      const target = await h.seed.partner();
      await h.seed.relationship(customerId, target.partnerId);
      for (const termEndsAt of [FUTURE, undefined]) {
        const subscriptionId = await recorded(customerId, { partnerOfRecord: partnerId, billing: 'license', ...(termEndsAt ? { termEndsAt } : {}) });
        await expectRefusedWithoutAppend(
          h,
          () => h.http.post(switchPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { toPartnerId: target.partnerId } }),
          409,
          'license-term-not-ended',
        );
      }
    });

    it('409 no-active-relationship (the target), 409 subscription-not-active, and their order', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      const stranger = await h.seed.partner();
      const subscriptionId = await recorded(customerId, { partnerOfRecord: partnerId, billing: 'usage' });
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(switchPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { toPartnerId: stranger.partnerId } }),
        409,
        'no-active-relationship',
      );
      await expectWrite(h, () => h.http.post(cancellationPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: {} }), 200);
      // Cancelled: subscription-not-active comes first, even towards a partner without a relationship.
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(switchPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { toPartnerId: stranger.partnerId } }),
        409,
        'subscription-not-active',
      );
    });

    it('404 subscription-not-found, 404 partner-not-found', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(switchPath(randomUUID()), { token: tokens.customerAdmin(customerId), body: { toPartnerId: partnerId } }),
        404,
        'subscription-not-found',
      );
      const subscriptionId = await recorded(customerId, { partnerOfRecord: partnerId, billing: 'usage' });
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(switchPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { toPartnerId: randomUUID() } }),
        404,
        'partner-not-found',
      );
    });

    it('400: toPartnerId required, a UUID', async () => {
      const customerId = await h.seed.customer();
      expectFieldErrors(await h.http.post(switchPath(randomUUID()), { token: tokens.customerAdmin(customerId), body: {} }), ['toPartnerId']);
      expectFieldErrors(await h.http.post(switchPath(randomUUID()), { token: tokens.customerAdmin(customerId), body: { partnerId: randomUUID() } }), [
        'toPartnerId',
        'partnerId',
      ]);
    });
  });

  describe('POST /v1/subscriptions/{subscriptionId}/cancellation (CancelSubscription)', () => {
    it('a seller of the partner of record cancels: 200 {position, subscriptionId}', async () => {
      const { partnerId, customerId } = await customerWithPartner();
      const subscriptionId = await recorded(customerId, { partnerOfRecord: partnerId });
      const { response, appended } = await expectWrite(
        h,
        () => h.http.post(cancellationPath(subscriptionId), { token: tokens.partner(partnerId, salesAgent), body: {} }),
        200,
      );
      expect(response.body).toEqual({ position: response.body.position, subscriptionId });
      expect(appended).toEqual(['SubscriptionCancelled']);
      expect((await h.seed.eventsOf(streams.subscription(subscriptionId))).at(-1)?.data).toEqual({
        subscriptionId,
        customerId,
        partnerOfRecord: partnerId,
        cancelledBy: 'partner',
      });
    });

    it("the customer's global admin cancels; then 409 subscription-not-active", async () => {
      const customerId = await h.seed.customer();
      const subscriptionId = await recorded(customerId, { channel: 'third-party', billing: 'usage' });
      await expectWrite(h, () => h.http.post(cancellationPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: {} }), 200);
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(cancellationPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: {} }),
        409,
        'subscription-not-active',
      );
    });

    it('404 subscription-not-found; 400 for a body with fields', async () => {
      const customerId = await h.seed.customer();
      await expectRefusedWithoutAppend(
        h,
        () => h.http.post(cancellationPath(randomUUID()), { token: tokens.customerAdmin(customerId), body: {} }),
        404,
        'subscription-not-found',
      );
      expectFieldErrors(await h.http.post(cancellationPath(randomUUID()), { token: tokens.customerAdmin(customerId), body: { reason: 'x' } }), ['reason']);
    });
  });

  it('multi-channel story: bought direct, managed by a partner, switched to it, then cancelled by its seller', async () => {
    const { partnerId, customerId } = await customerWithPartner();
    const subscriptionId = await recorded(customerId, { channel: 'direct', billing: 'usage' });
    await expectWrite(h, () => h.http.post(delegationPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { partnerId } }), 200);
    // A manager is not the partner of record: it may not cancel yet.
    await expectRefusedWithoutAppend(
      h,
      () => h.http.post(cancellationPath(subscriptionId), { token: tokens.partner(partnerId, salesAgent), body: {} }),
      403,
      'forbidden',
    );
    await expectWrite(h, () => h.http.post(switchPath(subscriptionId), { token: tokens.customerAdmin(customerId), body: { toPartnerId: partnerId } }), 200);
    await expectWrite(h, () => h.http.post(cancellationPath(subscriptionId), { token: tokens.partner(partnerId, salesAgent), body: {} }), 200);
    expect((await h.seed.eventsOf(streams.subscription(subscriptionId))).map((event) => event.type)).toEqual([
      'SubscriptionRecorded',
      'SubscriptionManagementDelegated',
      'SubscriptionPartnerSwitched',
      'SubscriptionCancelled',
    ]);
  });
});
