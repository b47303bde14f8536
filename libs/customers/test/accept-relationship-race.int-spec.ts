import { randomUUID } from 'node:crypto';
import { streams } from '@ledger/kernel';
import { type LedgerApiHarness, startLedgerApi, tokens } from './support/ledger-api-harness';

/*
 * api.md, Writes: "Two racing commands never both succeed where a serial order would refuse one."
 * Twenty identical acceptances of one open request, sent at once as separate commands (distinct
 * Idempotency-Keys, or none): exactly one is recorded, every other one is refused as the request
 * is no longer open — never a 5xx, never a second RelationshipAccepted.
 */

jest.setTimeout(60_000);

describe('AcceptRelationship under a race (20 parallel identical acceptances)', () => {
  let h: LedgerApiHarness;

  beforeAll(async () => {
    h = await startLedgerApi();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('appends exactly one RelationshipAccepted; the other 19 get 409 request-not-found', async () => {
    const partner = await h.seed.partner();
    const customerId = await h.seed.customer();
    const requestId = await h.seed.request(customerId, partner.partnerId, { dap: true });
    const token = tokens.customerAdmin(customerId);
    const path = `/v1/customers/${customerId}/relationship-requests/${requestId}/acceptance`;

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        h.http.post(path, { token, body: {}, ...(index % 2 === 0 ? { headers: { 'idempotency-key': randomUUID() } } : {}) }),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    const winners = responses.filter((response) => response.status === 200);
    const losers = responses.filter((response) => response.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers.map((response) => [response.status, response.body.code])).toEqual(Array(19).fill([409, 'request-not-found']));

    const types = await h.seed.customerEventTypes(customerId);
    expect(types.filter((type) => type === 'RelationshipAccepted')).toHaveLength(1);
    expect(types.filter((type) => type === 'ResellerRelationshipEstablished')).toHaveLength(1);
    expect(types.filter((type) => type === 'DelegatedAdminPrivilegesGranted')).toHaveLength(1);
    const accepted = (await h.seed.eventsOf(streams.customer(customerId))).find((event) => event.type === 'RelationshipAccepted');
    expect(accepted?.data).toMatchObject({ requestId });
    // The winner's position is that of its last event (the DAP grant), the stream's last.
    const last = (await h.seed.eventsOf(streams.customer(customerId))).at(-1);
    expect(winners[0]?.body.position).toBe(String(last?.position));
  });

  it('an acceptance racing a decline of the same request: exactly one wins', async () => {
    const partner = await h.seed.partner();
    const customerId = await h.seed.customer();
    const requestId = await h.seed.request(customerId, partner.partnerId);
    const token = tokens.customerAdmin(customerId);
    const base = `/v1/customers/${customerId}/relationship-requests/${requestId}`;

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => h.http.post(`${base}/${index % 2 === 0 ? 'acceptance' : 'decline'}`, { token, body: {} })),
    );

    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.status !== 200).map((response) => [response.status, response.body.code])).toEqual(
      Array(19).fill([409, 'request-not-found']),
    );
    const types = await h.seed.customerEventTypes(customerId);
    expect(types.filter((type) => type === 'RelationshipAccepted' || type === 'RelationshipDeclined')).toHaveLength(1);
  });
});
