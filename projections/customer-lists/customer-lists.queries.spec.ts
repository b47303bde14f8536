import { accepted, customerRegistered, customerStream, id, relationshipRemoved, relationshipRequested } from '../testing/events';
import { type ProjectionHarness, projectionHarness } from '../testing/harness';
import { queryPlanSteps } from '../testing/query-plan';
import { customerListsProjection } from './customer-lists.projection';
import { listPartnerCustomers, listSharedCustomers } from './customer-lists.queries';

/*
 * How the lists read the read model. It has no planner statistics, so SQLite plans by the shape of
 * the query alone, the same on a few rows as on 1M events: the plans checked here are the plans at scale.
 */
describe('customer lists: shared customers', () => {
  let harness: ProjectionHarness;
  const reseller = id('reseller');
  const provider = id('provider');
  const customers = ['c1', 'c2', 'c3', 'c4', 'c5'].map((label) => id(label));

  beforeAll(async () => {
    harness = await projectionHarness([customerListsProjection]);
    for (const [index, customerId] of customers.entries()) {
      await harness.given(customerStream(customerId), [customerRegistered(customerId)]);
      // c1, c3, c5 with both (the reseller with DAP); c2 with the reseller only; c4 with the provider only.
      const partners = index % 2 === 0 ? [reseller, provider] : index === 1 ? [reseller] : [provider];
      const requestId = `req-${index}`;
      await harness.given(
        customerStream(customerId),
        [relationshipRequested(customerId, requestId, partners, [partners[0]!]), ...accepted(customerId, requestId, partners, [partners[0]!])],
        { occurredAt: `2025-01-0${index + 1}T00:00:00.000Z` },
      );
    }
    // The provider's relationship with c5 ends: c5 is no longer shared.
    await harness.given(customerStream(customers[4]!), [relationshipRemoved(customers[4]!, provider)]);
  });
  afterAll(() => harness.close());

  // The plan cannot name the partner walked (both sides read the same table): the query's CROSS JOIN
  // fixes that it is the reseller; the plan shows the walk is one range, each step two key look-ups.
  it('is a range read of the reseller’s customers, with a key look-up of the provider’s relationship (the name is on the row)', () => {
    const plan = queryPlanSteps(
      harness.db,
      'customer_relationships',
      () => listSharedCustomers(harness.db, reseller, provider, { viewpointPartnerId: provider }),
      () => [provider, reseller, '', 101],
    ).map((detail) => detail.replace(/__g\d+/g, ''));
    expect(plan).toEqual([
      'SEARCH customer_relationships USING PRIMARY KEY (partner_id=? AND customer_id>?)',
      'SEARCH customer_relationships USING PRIMARY KEY (partner_id=? AND customer_id=?)',
    ]);
  });

  it('a partner’s customer list is one range read of its relationships, names included', () => {
    const plan = queryPlanSteps(harness.db, 'customer_relationships', () => listPartnerCustomers(harness.db, reseller), () => [reseller, '', 101]).map((detail) =>
      detail.replace(/__g\d+/g, ''),
    );
    expect(plan).toEqual(['SEARCH customer_relationships USING PRIMARY KEY (partner_id=? AND customer_id>?)']);
    expect(listPartnerCustomers(harness.db, reseller).items.map((item) => item.companyName)).toEqual(
      [customers[0]!, customers[1]!, customers[2]!, customers[4]!].sort().map((customerId) => `Customer ${customerId.slice(-4)}`),
    );
  });

  it('keeps no relationship index beside the primary key but the customer look-ups’ (each one costs every relationship change)', () => {
    const indexes = harness.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name LIKE 'customer_relationships__g%'`)
      .pluck()
      .all()
      .map((name) => String(name).replace(/__g\d+/g, ''));
    expect(indexes).toEqual(['customer_relationships_by_customer']);
  });

  it('shows the customers both have an active relationship with, with the viewpoint partner’s own since and DAP, page by page', () => {
    const shared = [customers[0]!, customers[2]!].sort();
    const since = (customerId: string): string => `2025-01-0${customers.indexOf(customerId) + 1}T00:00:00.000Z`;
    for (const viewpoint of [undefined, reseller, provider]) {
      const pages = [listSharedCustomers(harness.db, reseller, provider, { limit: 1, ...(viewpoint ? { viewpointPartnerId: viewpoint } : {}) })];
      while (pages[pages.length - 1]!.nextCursor !== null) {
        pages.push(listSharedCustomers(harness.db, reseller, provider, { limit: 1, cursor: pages[pages.length - 1]!.nextCursor, ...(viewpoint ? { viewpointPartnerId: viewpoint } : {}) }));
      }
      expect(pages.flatMap((page) => page.items)).toEqual(
        shared.map((customerId) => ({
          customerId,
          companyName: `Customer ${customerId.slice(-4)}`,
          since: since(customerId),
          // The reseller was granted DAP on every shared customer, the provider on none.
          delegatedAdmin: viewpoint !== provider,
        })),
      );
    }
  });
});
