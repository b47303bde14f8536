import { id, managementDelegated, partnerSwitched, subscriptionCancelled, subscriptionRecorded, subscriptionStream } from '../testing/events';
import { type ProjectionHarness, projectionHarness } from '../testing/harness';
import { subscriptionsProjection } from './subscriptions.projection';
import { getSubscription, listCustomerSubscriptions, listSubscriptions } from './subscriptions.queries';

describe('subscriptions read model', () => {
  let harness: ProjectionHarness;
  const contoso = id('contoso');
  const fabrikam = id('fabrikam');
  const partnerA = id('partnerA');
  const partnerB = id('partnerB');
  const cspSeats = id('sub-csp');
  const azure = id('sub-azure');
  const directSeats = id('sub-direct');
  const fabrikamEa = id('sub-ea');

  beforeEach(async () => {
    harness = await projectionHarness([subscriptionsProjection]);
    await harness.given(
      subscriptionStream(cspSeats),
      [subscriptionRecorded(cspSeats, contoso, { channel: 'csp', partnerOfRecord: partnerA, termEndsAt: '2026-01-01T00:00:00.000Z' })],
      { occurredAt: '2025-01-01T00:00:00.000Z' },
    );
    await harness.given(subscriptionStream(azure), [subscriptionRecorded(azure, contoso, { channel: 'csp', billing: 'usage', offer: 'Azure plan', partnerOfRecord: partnerA })]);
    await harness.given(subscriptionStream(directSeats), [subscriptionRecorded(directSeats, contoso, { channel: 'direct' })]);
    await harness.given(subscriptionStream(fabrikamEa), [subscriptionRecorded(fabrikamEa, fabrikam, { channel: 'ea' })]);
  });
  afterEach(() => harness.close());

  it('records a subscription with its channel, billing and partner of record', () => {
    expect(getSubscription(harness.db, cspSeats)).toEqual({
      subscriptionId: cspSeats,
      customerId: contoso,
      offer: 'Office 365 E3',
      billing: 'license',
      channel: 'csp',
      partnerOfRecord: partnerA,
      managedBy: null,
      status: 'active',
      termEndsAt: '2026-01-01T00:00:00.000Z',
      recordedAt: '2025-01-01T00:00:00.000Z',
      cancelledAt: null,
    });
    expect(getSubscription(harness.db, id('nope'))).toBeNull();
  });

  it('lists by customer, by partner of record and by channel', () => {
    expect(listCustomerSubscriptions(harness.db, contoso).items.map((s) => s.subscriptionId)).toEqual([cspSeats, azure, directSeats].sort());
    expect(listSubscriptions(harness.db, { partnerOfRecord: partnerA }).items.map((s) => s.subscriptionId)).toEqual([cspSeats, azure].sort());
    expect(listSubscriptions(harness.db, { channel: 'ea' }).items.map((s) => s.subscriptionId)).toEqual([fabrikamEa]);
    expect(listSubscriptions(harness.db, { channel: 'csp', customerId: fabrikam }).items).toEqual([]);
  });

  it('shows a partner only the subscriptions it is partner of record or manager of (multi-channel delegation)', async () => {
    await harness.given(subscriptionStream(directSeats), [managementDelegated(directSeats, contoso, partnerB)]);

    expect(getSubscription(harness.db, directSeats)).toMatchObject({ channel: 'direct', partnerOfRecord: null, managedBy: partnerB });
    expect(listCustomerSubscriptions(harness.db, contoso, { visibleToPartnerId: partnerB }).items.map((s) => s.subscriptionId)).toEqual([directSeats]);
    expect(listCustomerSubscriptions(harness.db, contoso, { visibleToPartnerId: partnerA }).items.map((s) => s.subscriptionId)).toEqual([cspSeats, azure].sort());
    expect(listSubscriptions(harness.db, { managedBy: partnerB }).items.map((s) => s.subscriptionId)).toEqual([directSeats]);
  });

  it('moves the partner of record on a switch and keeps a cancelled subscription as cancelled', async () => {
    await harness.given(subscriptionStream(azure), [partnerSwitched(azure, contoso, partnerA, partnerB)]);
    await harness.given(subscriptionStream(cspSeats), [subscriptionCancelled(cspSeats, contoso, 'partner')], { occurredAt: '2025-05-05T00:00:00.000Z' });

    expect(getSubscription(harness.db, azure)).toMatchObject({ partnerOfRecord: partnerB, status: 'active' });
    expect(getSubscription(harness.db, cspSeats)).toMatchObject({ status: 'cancelled', cancelledAt: '2025-05-05T00:00:00.000Z', partnerOfRecord: partnerA });
    expect(listSubscriptions(harness.db, { partnerOfRecord: partnerA, status: 'active' }).items).toEqual([]);
    expect(listSubscriptions(harness.db, { status: 'cancelled' }).items.map((s) => s.subscriptionId)).toEqual([cspSeats]);
  });

  it('pages by subscription id', () => {
    const first = listSubscriptions(harness.db, { limit: 3 });
    expect(first.items).toHaveLength(3);
    const rest = listSubscriptions(harness.db, { limit: 3, cursor: first.nextCursor });
    expect(rest).toEqual({ items: [expect.anything()], nextCursor: null });
    expect([...first.items, ...rest.items].map((s) => s.subscriptionId)).toEqual([cspSeats, azure, directSeats, fabrikamEa].sort());
  });
});
