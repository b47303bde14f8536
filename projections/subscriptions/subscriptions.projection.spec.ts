import { id, managementDelegated, partnerSwitched, subscriptionCancelled, subscriptionRecorded, subscriptionStream } from '../testing/events';
import { type ProjectionHarness, projectionHarness } from '../testing/harness';
import { queryPlanSteps } from '../testing/query-plan';
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

/*
 * The read model has no planner statistics, so SQLite chooses an index by the shape of the query
 * alone, the same on a small table as on 1M events: the plans checked here are the plans at scale.
 */
describe('subscriptions list: the first filter given of customer, partner of record, manager, channel leads', () => {
  let harness: ProjectionHarness;
  beforeAll(async () => {
    harness = await projectionHarness([subscriptionsProjection]);
  });
  afterAll(() => harness.close());

  type Filter = Parameters<typeof listSubscriptions>[1];

  /** The plan of the statement listSubscriptions runs for `filter`, captured by running it once. */
  function planOf(filter: Filter): string {
    const steps = queryPlanSteps(harness.db, 'subscriptions', () => listSubscriptions(harness.db, filter));
    return steps.map((detail) => detail.replace(/subscriptions__g\d+_?/g, '')).join('; ');
  }

  const expected: [string, Filter, string][] = [
    ['everything', {}, 'SCAN '],
    ['a customer', { customerId: 'c' }, 'SEARCH  USING INDEX by_customer (customer_id=?)'],
    ['a customer, one channel', { customerId: 'c', channel: 'csp' }, 'SEARCH  USING INDEX by_customer (customer_id=?)'],
    ['a customer, as a partner sees it', { customerId: 'c', visibleToPartnerId: 'p' }, 'SEARCH  USING INDEX by_customer (customer_id=?)'],
    ['a customer, one channel and status, as a partner sees it', { customerId: 'c', channel: 'csp', status: 'active', visibleToPartnerId: 'p' }, 'SEARCH  USING INDEX by_customer (customer_id=?)'],
    ['a partner of record', { partnerOfRecord: 'p' }, 'SEARCH  USING INDEX by_partner_of_record (partner_of_record=?)'],
    ['a partner of record, one channel, active', { partnerOfRecord: 'p', channel: 'csp', status: 'active' }, 'SEARCH  USING INDEX by_partner_of_record (partner_of_record=?)'],
    ['a manager, one channel', { managedBy: 'p', channel: 'direct' }, 'SEARCH  USING INDEX by_manager (managed_by=?)'],
    ['one channel', { channel: 'ea' }, 'SEARCH  USING INDEX by_channel (channel=?)'],
    ['one channel, next page', { channel: 'ea', cursor: 'WyJhIl0' }, 'SEARCH  USING INDEX by_channel (channel=? AND subscription_id>?)'],
  ];
  it.each(expected)('%s', (_, filter, plan) => {
    expect(planOf(filter)).toBe(plan);
  });

  it('filters by every combination as the whole list filtered', async () => {
    const contoso = id('contoso');
    const fabrikam = id('fabrikam');
    const partnerA = id('partnerA');
    const partnerB = id('partnerB');
    const subscriptions = [
      subscriptionRecorded(id('s1'), contoso, { channel: 'csp', partnerOfRecord: partnerA }),
      subscriptionRecorded(id('s2'), contoso, { channel: 'direct' }),
      subscriptionRecorded(id('s3'), fabrikam, { channel: 'csp', partnerOfRecord: partnerB }),
      subscriptionRecorded(id('s4'), fabrikam, { channel: 'ea' }),
    ];
    for (const recorded of subscriptions) await harness.given(subscriptionStream(recorded.data.subscriptionId), [recorded]);
    await harness.given(subscriptionStream(id('s2')), [managementDelegated(id('s2'), contoso, partnerB)]);
    await harness.given(subscriptionStream(id('s1')), [subscriptionCancelled(id('s1'), contoso, 'partner')]);
    const all = listSubscriptions(harness.db).items;
    expect(all).toHaveLength(4);

    for (const customerId of [undefined, contoso, fabrikam]) {
      for (const partnerOfRecord of [undefined, partnerA, partnerB]) {
        for (const managedBy of [undefined, partnerB]) {
          for (const channel of [undefined, 'csp', 'direct'] as const) {
            for (const status of [undefined, 'active', 'cancelled'] as const) {
              for (const visibleToPartnerId of [undefined, partnerB]) {
                const filter = { customerId, partnerOfRecord, managedBy, channel, status, visibleToPartnerId };
                const wanted = all.filter(
                  (s) =>
                    (customerId === undefined || s.customerId === customerId) &&
                    (partnerOfRecord === undefined || s.partnerOfRecord === partnerOfRecord) &&
                    (managedBy === undefined || s.managedBy === managedBy) &&
                    (channel === undefined || s.channel === channel) &&
                    (status === undefined || s.status === status) &&
                    (visibleToPartnerId === undefined || s.partnerOfRecord === visibleToPartnerId || s.managedBy === visibleToPartnerId),
                );
                expect({ filter, items: listSubscriptions(harness.db, filter).items }).toEqual({ filter, items: wanted });
              }
            }
          }
        }
      }
    }
  });
});
