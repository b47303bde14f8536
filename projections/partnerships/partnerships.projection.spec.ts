import {
  approvedPartner,
  id,
  partnershipEnded,
  partnershipStream,
  partnerStream,
  providerAuthorized,
  resellerInvited,
  tenantAdminAccessRemoved,
} from '../testing/events';
import { type ProjectionHarness, projectionHarness } from '../testing/harness';
import { partnershipsProjection } from './partnerships.projection';
import { listIndirectProviders, listIndirectResellers, listPartnershipInvitations } from './partnerships.queries';

describe('partnerships read model', () => {
  let harness: ProjectionHarness;
  const providerA = id('provA');
  const providerB = id('provB');
  const reseller = id('resel');
  const otherReseller = id('resel2');

  beforeEach(async () => {
    harness = await projectionHarness([partnershipsProjection]);
    await harness.given(partnerStream(providerA), approvedPartner(providerA, 'indirect-provider', { legalProfile: { name: 'Alpha Dist', address: 'x', country: 'US' } }));
    await harness.given(partnerStream(providerB), approvedPartner(providerB, 'indirect-provider', { legalProfile: { name: 'Beta Dist', address: 'x', country: 'US' } }));
    await harness.given(partnerStream(reseller), approvedPartner(reseller, 'indirect-reseller', { legalProfile: { name: 'Reseller One', address: 'x', country: 'US' } }));
  });
  afterEach(() => harness.close());

  it('shows an invitation as open to both sides until the reseller authorizes the provider', async () => {
    await harness.given(partnershipStream(providerA, reseller), [resellerInvited('inv-1', providerA, reseller)], { occurredAt: '2025-04-01T08:00:00.000Z' });

    const open = { invitationId: 'inv-1', providerId: providerA, resellerId: reseller, status: 'open', sentAt: '2025-04-01T08:00:00.000Z', acceptedAt: null };
    expect(listPartnershipInvitations(harness.db, providerA)).toEqual({ items: [open], nextCursor: null });
    expect(listPartnershipInvitations(harness.db, reseller, { status: 'open' }).items).toEqual([open]);
    expect(listIndirectProviders(harness.db, reseller).items).toEqual([]);

    await harness.given(partnershipStream(providerA, reseller), [providerAuthorized('inv-1', providerA, reseller)], { occurredAt: '2025-04-02T08:00:00.000Z' });

    expect(listPartnershipInvitations(harness.db, reseller, { status: 'open' }).items).toEqual([]);
    expect(listPartnershipInvitations(harness.db, reseller, { status: 'accepted' }).items).toEqual([
      { ...open, status: 'accepted', acceptedAt: '2025-04-02T08:00:00.000Z' },
    ]);
    expect(listIndirectProviders(harness.db, reseller).items).toEqual([
      { providerId: providerA, name: 'Alpha Dist', status: 'active', since: '2025-04-02T08:00:00.000Z', endedAt: null, tenantAdminAccess: true },
    ]);
    expect(listIndirectResellers(harness.db, providerA).items).toEqual([
      { resellerId: reseller, name: 'Reseller One', status: 'active', since: '2025-04-02T08:00:00.000Z', endedAt: null, tenantAdminAccess: true },
    ]);
  });

  it('lets a reseller work with several providers, and keeps each partner to its own lists', async () => {
    await harness.given(partnershipStream(providerA, reseller), [resellerInvited('inv-a', providerA, reseller), providerAuthorized('inv-a', providerA, reseller)]);
    await harness.given(partnershipStream(providerB, reseller), [resellerInvited('inv-b', providerB, reseller), providerAuthorized('inv-b', providerB, reseller)]);
    await harness.given(partnershipStream(providerB, otherReseller), [resellerInvited('inv-c', providerB, otherReseller)]);

    expect(listIndirectProviders(harness.db, reseller).items.map((p) => p.providerId)).toEqual([providerA, providerB]);
    expect(listIndirectResellers(harness.db, providerA).items.map((p) => p.resellerId)).toEqual([reseller]);
    expect(listPartnershipInvitations(harness.db, providerB).items.map((i) => i.invitationId)).toEqual(['inv-b', 'inv-c']);
    expect(listPartnershipInvitations(harness.db, providerA).items.map((i) => i.invitationId)).toEqual(['inv-a']);

    const page = listIndirectProviders(harness.db, reseller, { limit: 1 });
    expect(page.items.map((p) => p.providerId)).toEqual([providerA]);
    expect(listIndirectProviders(harness.db, reseller, { limit: 1, cursor: page.nextCursor }).items.map((p) => p.providerId)).toEqual([providerB]);
    const invitations = listPartnershipInvitations(harness.db, providerB, { limit: 1 });
    expect(listPartnershipInvitations(harness.db, providerB, { cursor: invitations.nextCursor }).items.map((i) => i.invitationId)).toEqual(['inv-c']);
  });

  it('records the removal of tenant admin access while the partnership stays active', async () => {
    await harness.given(partnershipStream(providerA, reseller), [
      resellerInvited('inv-1', providerA, reseller),
      providerAuthorized('inv-1', providerA, reseller),
      tenantAdminAccessRemoved(providerA, reseller),
    ]);

    expect(listIndirectProviders(harness.db, reseller).items).toEqual([expect.objectContaining({ status: 'active', tenantAdminAccess: false })]);
  });

  it('shows an ended partnership as ended, and active again with a new since after a new invitation', async () => {
    await harness.given(partnershipStream(providerA, reseller), [resellerInvited('inv-1', providerA, reseller), providerAuthorized('inv-1', providerA, reseller)], {
      occurredAt: '2025-01-01T00:00:00.000Z',
    });
    await harness.given(partnershipStream(providerA, reseller), [tenantAdminAccessRemoved(providerA, reseller), partnershipEnded(providerA, reseller, 'provider')], {
      occurredAt: '2025-02-01T00:00:00.000Z',
    });

    expect(listIndirectResellers(harness.db, providerA).items).toEqual([
      expect.objectContaining({ status: 'ended', since: '2025-01-01T00:00:00.000Z', endedAt: '2025-02-01T00:00:00.000Z' }),
    ]);
    expect(listIndirectResellers(harness.db, providerA, { status: 'active' }).items).toEqual([]);

    await harness.given(partnershipStream(providerA, reseller), [resellerInvited('inv-2', providerA, reseller), providerAuthorized('inv-2', providerA, reseller)], {
      occurredAt: '2025-03-01T00:00:00.000Z',
    });
    expect(listIndirectResellers(harness.db, providerA).items).toEqual([
      { resellerId: reseller, name: 'Reseller One', status: 'active', since: '2025-03-01T00:00:00.000Z', endedAt: null, tenantAdminAccess: true },
    ]);
  });
});
