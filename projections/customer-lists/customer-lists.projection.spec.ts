import {
  accepted,
  customerRegistered,
  customerStream,
  dapRevoked,
  declined,
  id,
  relationshipRemoved,
  relationshipRequested,
} from '../testing/events';
import { type ProjectionHarness, projectionHarness } from '../testing/harness';
import { customerListsProjection } from './customer-lists.projection';
import {
  getCustomer,
  listCustomerPartners,
  listPartnerCustomers,
  listPartnerOpenRequests,
  listSharedCustomers,
  partnerCustomerLink,
} from './customer-lists.queries';

describe('customer-lists read model', () => {
  let harness: ProjectionHarness;
  const contoso = id('contoso');
  const fabrikam = id('fabrikam');
  const direct = id('direct');
  const reseller = id('reseller');
  const provider = id('provider');

  beforeEach(async () => {
    harness = await projectionHarness([customerListsProjection]);
    await harness.given(customerStream(contoso), [customerRegistered(contoso, { companyName: 'Contoso', domain: 'contoso.com', country: 'US', cloud: 'global' })], {
      occurredAt: '2025-01-01T00:00:00.000Z',
    });
    await harness.given(customerStream(fabrikam), [customerRegistered(fabrikam, { companyName: 'Fabrikam' })]);
  });
  afterEach(() => harness.close());

  it('shows a registered customer with no relationship, grant or request', () => {
    expect(getCustomer(harness.db, contoso)).toEqual({
      customerId: contoso,
      companyName: 'Contoso',
      domain: 'contoso.com',
      country: 'US',
      cloud: 'global',
      relationships: [],
      dapGrants: [],
      openRequests: [],
    });
    expect(listPartnerCustomers(harness.db, direct)).toEqual({ items: [], nextCursor: null });
    expect(getCustomer(harness.db, id('unknown'))).toBeNull();
  });

  it('lists an open request until the customer accepts it; accepting puts the customer on the partner list with its DAP', async () => {
    await harness.given(customerStream(contoso), [relationshipRequested(contoso, 'req-1', [direct], [direct])]);

    expect(getCustomer(harness.db, contoso)?.openRequests).toEqual([{ requestId: 'req-1', partners: [direct], delegatedAdminFor: [direct] }]);
    expect(listPartnerOpenRequests(harness.db, direct).items).toEqual([
      { requestId: 'req-1', customerId: contoso, partners: [direct], delegatedAdminFor: [direct], requestedAt: expect.any(String) },
    ]);

    await harness.given(customerStream(contoso), accepted(contoso, 'req-1', [direct], [direct]), { occurredAt: '2025-02-01T00:00:00.000Z' });

    expect(getCustomer(harness.db, contoso)).toMatchObject({
      relationships: [{ partnerId: direct, since: '2025-02-01T00:00:00.000Z' }],
      dapGrants: [{ partnerId: direct, grantedAt: '2025-02-01T00:00:00.000Z', relationshipActive: true }],
      openRequests: [],
    });
    expect(listPartnerOpenRequests(harness.db, direct).items).toEqual([]);
    expect(listPartnerCustomers(harness.db, direct).items).toEqual([
      { customerId: contoso, companyName: 'Contoso', since: '2025-02-01T00:00:00.000Z', delegatedAdmin: true },
    ]);
  });

  it('a closed request leaves the per-partner index of open requests, so a partner’s list walks open ones only', async () => {
    const indexRows = (): number => (harness.db.prepare('SELECT COUNT(*) AS n FROM customer_request_partners').get() as { n: number }).n;
    await harness.given(customerStream(contoso), [
      relationshipRequested(contoso, 'req-1', [reseller, provider], [reseller]),
      relationshipRequested(contoso, 'req-2', [direct], [direct]),
    ]);
    expect(indexRows()).toBe(3);

    await harness.given(customerStream(contoso), [declined(contoso, 'req-1', [reseller, provider])]);
    expect(indexRows()).toBe(1);
    expect(listPartnerOpenRequests(harness.db, reseller).items).toEqual([]);
    expect(listPartnerOpenRequests(harness.db, provider).items).toEqual([]);
    expect(listPartnerOpenRequests(harness.db, direct).items.map((item) => item.requestId)).toEqual(['req-2']);

    await harness.given(customerStream(contoso), accepted(contoso, 'req-2', [direct], [direct]));
    expect(indexRows()).toBe(0);
    expect(getCustomer(harness.db, contoso)?.openRequests).toEqual([]);
  });

  it('closes a declined request without any relationship', async () => {
    await harness.given(customerStream(contoso), [relationshipRequested(contoso, 'req-1', [direct], [direct]), declined(contoso, 'req-1', [direct])]);

    expect(getCustomer(harness.db, contoso)).toMatchObject({ relationships: [], dapGrants: [], openRequests: [] });
    expect(partnerCustomerLink(harness.db, direct, contoso)).toEqual({ relationship: null, delegatedAdmin: false });
  });

  it('keeps multi-partner relationships apart: each partner sees only its own entries', async () => {
    await harness.given(customerStream(contoso), [relationshipRequested(contoso, 'req-1', [direct], [direct]), ...accepted(contoso, 'req-1', [direct], [direct])]);
    await harness.given(customerStream(contoso), [relationshipRequested(contoso, 'req-2', [reseller], []), ...accepted(contoso, 'req-2', [reseller], [])]);
    await harness.given(customerStream(contoso), [relationshipRequested(contoso, 'req-3', [provider], [provider])]);

    expect(listCustomerPartners(harness.db, contoso).map((r) => r.partnerId)).toEqual([direct, reseller].sort());
    expect(getCustomer(harness.db, contoso, { partnerId: reseller })).toMatchObject({
      relationships: [{ partnerId: reseller }],
      dapGrants: [],
      openRequests: [],
    });
    expect(getCustomer(harness.db, contoso, { partnerId: provider })).toMatchObject({
      relationships: [],
      dapGrants: [],
      openRequests: [{ requestId: 'req-3' }],
    });
    expect(listPartnerCustomers(harness.db, reseller).items).toEqual([expect.objectContaining({ customerId: contoso, delegatedAdmin: false })]);
  });

  it('takes the customer off the list when the relationship is removed but keeps the DAP grant (retained) until revoked', async () => {
    await harness.given(customerStream(contoso), [relationshipRequested(contoso, 'req-1', [direct], [direct]), ...accepted(contoso, 'req-1', [direct], [direct])], {
      occurredAt: '2025-01-10T00:00:00.000Z',
    });
    await harness.given(customerStream(contoso), [relationshipRemoved(contoso, direct)]);

    expect(listPartnerCustomers(harness.db, direct).items).toEqual([]);
    expect(getCustomer(harness.db, contoso)).toMatchObject({
      relationships: [],
      dapGrants: [{ partnerId: direct, grantedAt: '2025-01-10T00:00:00.000Z', relationshipActive: false }],
    });
    expect(partnerCustomerLink(harness.db, direct, contoso)).toEqual({ relationship: 'removed', delegatedAdmin: true });

    await harness.given(customerStream(contoso), [dapRevoked(contoso, direct, 'partner')]);
    expect(getCustomer(harness.db, contoso)?.dapGrants).toEqual([]);
    expect(partnerCustomerLink(harness.db, direct, contoso)).toEqual({ relationship: 'removed', delegatedAdmin: false });
  });

  it('re-establishes a removed relationship with a new since, keeping a grant that was never revoked', async () => {
    await harness.given(customerStream(contoso), [relationshipRequested(contoso, 'req-1', [direct], [direct]), ...accepted(contoso, 'req-1', [direct], [direct])], {
      occurredAt: '2025-01-10T00:00:00.000Z',
    });
    await harness.given(customerStream(contoso), [relationshipRemoved(contoso, direct)]);
    await harness.given(
      customerStream(contoso),
      [relationshipRequested(contoso, 'req-2', [direct], [direct]), ...accepted(contoso, 'req-2', [direct], [direct], { alreadyGranted: [direct] })],
      { occurredAt: '2025-03-01T00:00:00.000Z' },
    );

    expect(listPartnerCustomers(harness.db, direct).items).toEqual([
      { customerId: contoso, companyName: 'Contoso', since: '2025-03-01T00:00:00.000Z', delegatedAdmin: true },
    ]);
    expect(getCustomer(harness.db, contoso)?.dapGrants).toEqual([{ partnerId: direct, grantedAt: '2025-01-10T00:00:00.000Z', relationshipActive: true }]);
  });

  it('lists customers shared by a reseller and its provider, each partner seeing its own since and DAP', async () => {
    // Combined invitation: both become resellers of record, only the reseller gets DAP.
    await harness.given(customerStream(contoso), [relationshipRequested(contoso, 'req-1', [reseller, provider], [reseller]), ...accepted(contoso, 'req-1', [reseller, provider], [reseller])]);
    await harness.given(customerStream(fabrikam), [relationshipRequested(fabrikam, 'req-2', [reseller], []), ...accepted(fabrikam, 'req-2', [reseller], [])]);

    expect(listSharedCustomers(harness.db, reseller, provider).items).toEqual([expect.objectContaining({ customerId: contoso, delegatedAdmin: true })]);
    expect(listSharedCustomers(harness.db, reseller, provider, { viewpointPartnerId: provider }).items).toEqual([
      expect.objectContaining({ customerId: contoso, delegatedAdmin: false }),
    ]);
    expect(listPartnerCustomers(harness.db, reseller).items.map((c) => c.customerId)).toEqual([contoso, fabrikam].sort());

    await harness.given(customerStream(contoso), [relationshipRemoved(contoso, provider)]);
    expect(listSharedCustomers(harness.db, reseller, provider).items).toEqual([]);
  });

  it('pages a partner customer list by customer id', async () => {
    const customers = Array.from({ length: 5 }, (_, i) => id(`cust${i}`));
    for (const [i, customerId] of customers.entries()) {
      await harness.given(customerStream(customerId), [
        customerRegistered(customerId),
        relationshipRequested(customerId, `r-${i}`, [direct]),
        ...accepted(customerId, `r-${i}`, [direct]),
      ]);
    }

    const first = listPartnerCustomers(harness.db, direct, { limit: 2 });
    const second = listPartnerCustomers(harness.db, direct, { limit: 2, cursor: first.nextCursor });
    const third = listPartnerCustomers(harness.db, direct, { limit: 2, cursor: second.nextCursor });
    expect([...first.items, ...second.items, ...third.items].map((c) => c.customerId)).toEqual(customers);
    expect(third.nextCursor).toBeNull();
  });
});
