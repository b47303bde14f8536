import { accepted, customerRegistered, customerStream, dapRevoked, id, relationshipRemoved, relationshipRequested } from '../testing/events';
import { type ProjectionHarness, projectionHarness } from '../testing/harness';
import { queryPlanSteps } from '../testing/query-plan';
import { dapGrantsProjection } from './dap-grants.projection';
import { listDapGrants } from './dap-grants.queries';

describe('dap-grants read model', () => {
  let harness: ProjectionHarness;
  const contoso = id('contoso');
  const fabrikam = id('fabrikam');
  const partnerA = id('partnerA');
  const partnerB = id('partnerB');

  async function grant(customerId: string, partnerId: string, requestId: string, at: string, alreadyActive: string[] = []): Promise<void> {
    await harness.given(
      customerStream(customerId),
      [relationshipRequested(customerId, requestId, [partnerId], [partnerId]), ...accepted(customerId, requestId, [partnerId], [partnerId], { alreadyActive })],
      { occurredAt: at },
    );
  }

  beforeEach(async () => {
    harness = await projectionHarness([dapGrantsProjection]);
    await harness.given(customerStream(contoso), [customerRegistered(contoso)]);
    await harness.given(customerStream(fabrikam), [customerRegistered(fabrikam)]);
  });
  afterEach(() => harness.close());

  it('lists a grant made on acceptance as active', async () => {
    await grant(contoso, partnerA, 'req-1', '2025-01-01T00:00:00.000Z');

    expect(listDapGrants(harness.db)).toEqual({
      items: [{ customerId: contoso, partnerId: partnerA, status: 'active', grantedAt: '2025-01-01T00:00:00.000Z' }],
      nextCursor: null,
    });
    expect(listDapGrants(harness.db, { status: 'retained' }).items).toEqual([]);
  });

  it('turns a grant into a retained grant when the relationship is removed, since the removal', async () => {
    await grant(contoso, partnerA, 'req-1', '2025-01-01T00:00:00.000Z');
    await harness.given(customerStream(contoso), [relationshipRemoved(contoso, partnerA)], { occurredAt: '2025-06-30T12:00:00.000Z' });

    const retained = { customerId: contoso, partnerId: partnerA, status: 'retained', grantedAt: '2025-01-01T00:00:00.000Z', retainedSince: '2025-06-30T12:00:00.000Z' };
    expect(listDapGrants(harness.db, { status: 'retained' }).items).toEqual([retained]);
    // `active` includes retained grants: the partner can still administer the tenant.
    expect(listDapGrants(harness.db, { status: 'active' }).items).toEqual([retained]);
    expect(listDapGrants(harness.db, { status: 'revoked' }).items).toEqual([]);
  });

  it('records a revocation, keeping the retained period as history', async () => {
    await grant(contoso, partnerA, 'req-1', '2025-01-01T00:00:00.000Z');
    await harness.given(customerStream(contoso), [relationshipRemoved(contoso, partnerA)], { occurredAt: '2025-02-01T00:00:00.000Z' });
    await harness.given(customerStream(contoso), [dapRevoked(contoso, partnerA, 'customer')], { occurredAt: '2025-03-01T00:00:00.000Z' });

    expect(listDapGrants(harness.db, { status: 'active' }).items).toEqual([]);
    expect(listDapGrants(harness.db, { status: 'revoked' }).items).toEqual([
      {
        customerId: contoso,
        partnerId: partnerA,
        status: 'revoked',
        grantedAt: '2025-01-01T00:00:00.000Z',
        retainedSince: '2025-02-01T00:00:00.000Z',
        revokedAt: '2025-03-01T00:00:00.000Z',
        revokedBy: 'customer',
      },
    ]);
  });

  it('is no longer retained once the partner has a relationship again', async () => {
    await grant(contoso, partnerA, 'req-1', '2025-01-01T00:00:00.000Z');
    await harness.given(customerStream(contoso), [relationshipRemoved(contoso, partnerA)]);
    await harness.given(customerStream(contoso), [
      relationshipRequested(contoso, 'req-2', [partnerA]),
      ...accepted(contoso, 'req-2', [partnerA]),
    ]);

    expect(listDapGrants(harness.db).items).toEqual([expect.objectContaining({ partnerId: partnerA, status: 'active' })]);
    expect(listDapGrants(harness.db).items[0]).not.toHaveProperty('retainedSince');
  });

  it('keeps a revoked grant as history when the partner is granted again', async () => {
    await grant(contoso, partnerA, 'req-1', '2025-01-01T00:00:00.000Z');
    await harness.given(customerStream(contoso), [dapRevoked(contoso, partnerA, 'partner')], { occurredAt: '2025-02-01T00:00:00.000Z' });
    await grant(contoso, partnerA, 'req-2', '2025-03-01T00:00:00.000Z', [partnerA]);

    expect(listDapGrants(harness.db, { customerId: contoso }).items).toEqual([
      { customerId: contoso, partnerId: partnerA, status: 'revoked', grantedAt: '2025-01-01T00:00:00.000Z', revokedAt: '2025-02-01T00:00:00.000Z', revokedBy: 'partner' },
      { customerId: contoso, partnerId: partnerA, status: 'active', grantedAt: '2025-03-01T00:00:00.000Z' },
    ]);
  });

  it('filters by partner and customer and pages in grant order; other partners’ grants are untouched', async () => {
    await grant(contoso, partnerA, 'req-1', '2025-01-01T00:00:00.000Z');
    await grant(contoso, partnerB, 'req-2', '2025-01-02T00:00:00.000Z');
    await grant(fabrikam, partnerA, 'req-3', '2025-01-03T00:00:00.000Z');
    await harness.given(customerStream(contoso), [relationshipRemoved(contoso, partnerA)]);

    expect(listDapGrants(harness.db, { partnerId: partnerA }).items.map((g) => [g.customerId, g.status])).toEqual([
      [contoso, 'retained'],
      [fabrikam, 'active'],
    ]);
    expect(listDapGrants(harness.db, { partnerId: partnerB }).items.map((g) => g.status)).toEqual(['active']);
    expect(listDapGrants(harness.db, { customerId: contoso, partnerId: partnerB }).items).toHaveLength(1);

    const first = listDapGrants(harness.db, { limit: 2 });
    expect(first.items.map((g) => g.grantedAt)).toEqual(['2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z']);
    expect(listDapGrants(harness.db, { limit: 2, cursor: first.nextCursor })).toEqual({
      items: [expect.objectContaining({ grantedAt: '2025-01-03T00:00:00.000Z' })],
      nextCursor: null,
    });
  });

  it('answers every combination of status, partner and customer, page by page, as the whole list filtered', async () => {
    await grant(contoso, partnerA, 'req-1', '2025-01-01T00:00:00.000Z');
    await grant(contoso, partnerB, 'req-2', '2025-01-02T00:00:00.000Z');
    await grant(fabrikam, partnerA, 'req-3', '2025-01-03T00:00:00.000Z');
    await grant(fabrikam, partnerB, 'req-4', '2025-01-04T00:00:00.000Z');
    await harness.given(customerStream(contoso), [relationshipRemoved(contoso, partnerA)]);
    await harness.given(customerStream(fabrikam), [relationshipRemoved(fabrikam, partnerB)]);
    await harness.given(customerStream(fabrikam), [dapRevoked(fabrikam, partnerB, 'customer')]);
    const all = listDapGrants(harness.db).items;
    expect(all.map((g) => g.status)).toEqual(['retained', 'active', 'active', 'revoked']);

    for (const status of [undefined, 'active', 'retained', 'revoked'] as const) {
      for (const partnerId of [undefined, partnerA, partnerB]) {
        for (const customerId of [undefined, contoso, fabrikam]) {
          const wanted = all.filter(
            (g) =>
              (status === undefined || g.status === status || (status === 'active' && g.status === 'retained')) &&
              (partnerId === undefined || g.partnerId === partnerId) &&
              (customerId === undefined || g.customerId === customerId),
          );
          const filter = { ...(status ? { status } : {}), ...(partnerId ? { partnerId } : {}), ...(customerId ? { customerId } : {}) };
          const paged: unknown[] = [];
          let cursor: string | null = null;
          do {
            const page: ReturnType<typeof listDapGrants> = listDapGrants(harness.db, { ...filter, limit: 1, ...(cursor ? { cursor } : {}) });
            paged.push(...page.items);
            cursor = page.nextCursor;
          } while (cursor !== null);
          expect({ filter, items: paged }).toEqual({ filter, items: wanted });
        }
      }
    }
  });
});

/*
 * The read model has no planner statistics, so SQLite chooses an index by the shape of the query
 * alone, the same on an empty table as on 1M events: the plans checked here are the plans at scale.
 * Every filter must be a range read of one index in grant order (or a customer's few grants,
 * sorted), never a walk over other partners' or customers' grants.
 */
describe('dap-grants list: every filter is answered by the index meant for it', () => {
  let harness: ProjectionHarness;
  beforeAll(async () => {
    harness = await projectionHarness([dapGrantsProjection]);
  });
  afterAll(() => harness.close());

  /** The plan of the statement listDapGrants runs for `filter`, captured by running it once. */
  function planOf(filter: Parameters<typeof listDapGrants>[1]): string {
    const params = [...(filter?.partnerId ? ['p'] : []), ...(filter?.customerId ? ['c'] : []), ...(filter?.cursor ? [1] : []), 101];
    const steps = queryPlanSteps(harness.db, 'dap_grants', () => listDapGrants(harness.db, filter), () => params);
    return steps.map((detail) => detail.replace(/dap_grants__g\d+_?/g, '')).join('; ');
  }

  const cursor = 'WzFd'; // [1]
  const expected: [string, Parameters<typeof listDapGrants>[1], string][] = [
    ['everything', {}, 'SCAN '],
    ['retained', { status: 'retained' }, 'SEARCH  USING INDEX by_status (status=? AND relationship_active=?)'],
    ['retained, next page', { status: 'retained', cursor }, 'SEARCH  USING INDEX by_status (status=? AND relationship_active=? AND grant_position>?)'],
    ['active', { status: 'active' }, 'SEARCH  USING INDEX by_status_position (status=?)'],
    ['revoked', { status: 'revoked' }, 'SEARCH  USING INDEX by_status_position (status=?)'],
    ['a partner', { partnerId: 'p' }, 'SEARCH  USING INDEX by_partner (partner_id=?)'],
    ['a partner, active', { partnerId: 'p', status: 'active' }, 'SEARCH  USING INDEX by_partner (partner_id=?)'],
    ['a partner, revoked', { partnerId: 'p', status: 'revoked' }, 'SEARCH  USING INDEX by_partner (partner_id=?)'],
    ['a partner, retained', { partnerId: 'p', status: 'retained' }, 'SEARCH  USING INDEX by_partner_status (partner_id=? AND status=? AND relationship_active=?)'],
    [
      'a partner, retained, next page',
      { partnerId: 'p', status: 'retained', cursor },
      'SEARCH  USING INDEX by_partner_status (partner_id=? AND status=? AND relationship_active=? AND grant_position>?)',
    ],
    ['a customer', { customerId: 'c' }, 'SEARCH  USING INDEX by_pair (customer_id=?); USE TEMP B-TREE FOR ORDER BY'],
    ['a customer, active', { customerId: 'c', status: 'active' }, 'SEARCH  USING INDEX by_pair (customer_id=?); USE TEMP B-TREE FOR ORDER BY'],
    ['a customer, retained', { customerId: 'c', status: 'retained' }, 'SEARCH  USING INDEX by_pair (customer_id=?); USE TEMP B-TREE FOR ORDER BY'],
    ['a customer and a partner', { customerId: 'c', partnerId: 'p' }, 'SEARCH  USING INDEX by_pair (customer_id=?); USE TEMP B-TREE FOR ORDER BY'],
  ];
  it.each(expected)('%s', (_, filter, plan) => {
    expect(planOf(filter)).toBe(plan);
  });
});
