import { approved, contactVerified, enrollmentSubmitted, id, partnerStream, rejected, rolesChanged, userAdded, userRemoved } from '../testing/events';
import { type ProjectionHarness, projectionHarness } from '../testing/harness';
import { InvalidCursorError } from '../shared/paging';
import { partnersProjection } from './partners.projection';
import { getPartner, getPartnerUser, listPartners } from './partners.queries';

describe('partners read model', () => {
  let harness: ProjectionHarness;
  const provider = id('provider');
  const reseller = id('reseller');
  const admin = id('admin');
  const agent = id('agent');

  beforeEach(async () => {
    harness = await projectionHarness([partnersProjection]);
  });
  afterEach(() => harness.close());

  it('shows a submitted enrollment as pending with its enrolling user', async () => {
    await harness.given(
      partnerStream(provider),
      [
        enrollmentSubmitted(provider, 'indirect-provider', {
          mpnId: '7654321',
          cloud: 'germany',
          tenantCountry: 'DE',
          legalProfile: { name: 'Fabrikam GmbH', address: 'Hauptstr. 1', country: 'DE' },
        }),
        userAdded(provider, admin, ['global-admin', 'admin-agent'], 'pat@fabrikam.de'),
      ],
      { occurredAt: '2025-03-01T10:00:00.000Z' },
    );

    expect(getPartner(harness.db, provider)).toEqual({
      partnerId: provider,
      partnerType: 'indirect-provider',
      cloud: 'germany',
      status: 'pending',
      primaryContactVerified: false,
      mpnId: '7654321',
      legalProfile: { name: 'Fabrikam GmbH', address: 'Hauptstr. 1', country: 'DE' },
      tenantCountry: 'DE',
      enrolledAt: '2025-03-01T10:00:00.000Z',
      reviewedAt: null,
      users: [{ userId: admin, name: expect.any(String), email: 'pat@fabrikam.de', roles: ['global-admin', 'admin-agent'] }],
    });
  });

  it('records verification and approval, or rejection', async () => {
    await harness.given(partnerStream(provider), [enrollmentSubmitted(provider, 'indirect-provider'), contactVerified(provider)]);
    expect(getPartner(harness.db, provider)).toMatchObject({ status: 'pending', primaryContactVerified: true });

    await harness.given(partnerStream(provider), [approved(provider)], { occurredAt: '2025-03-02T09:30:00Z' });
    expect(getPartner(harness.db, provider)).toMatchObject({ status: 'approved', reviewedAt: '2025-03-02T09:30:00.000Z' });

    await harness.given(partnerStream(reseller), [enrollmentSubmitted(reseller, 'indirect-reseller'), rejected(reseller, 'incomplete profile')]);
    expect(getPartner(harness.db, reseller)).toMatchObject({ status: 'rejected', primaryContactVerified: false });
  });

  it('keeps current users and their recorded roles: added, changed, removed', async () => {
    await harness.given(partnerStream(provider), [
      enrollmentSubmitted(provider, 'indirect-provider'),
      userAdded(provider, admin, ['global-admin', 'admin-agent']),
      approved(provider),
      userAdded(provider, agent, ['sales-agent']),
      rolesChanged(provider, agent, ['sales-agent', 'helpdesk-agent'], ['sales-agent']),
    ]);
    expect(getPartnerUser(harness.db, provider, agent)).toMatchObject({ roles: ['sales-agent', 'helpdesk-agent'] });

    await harness.given(partnerStream(provider), [userRemoved(provider, admin)]);

    expect(getPartner(harness.db, provider)?.users.map((user) => user.userId)).toEqual([agent]);
    expect(getPartnerUser(harness.db, provider, admin)).toBeNull();
    // A removed user id may be added again, with new roles.
    await harness.given(partnerStream(provider), [userAdded(provider, admin, ['billing-admin'])]);
    expect(getPartnerUser(harness.db, provider, admin)).toMatchObject({ roles: ['billing-admin'] });
  });

  it('answers null for a partner that never enrolled', () => {
    expect(getPartner(harness.db, id('nobody'))).toBeNull();
  });

  it('lists partners filtered by type, status and cloud, paged by cursor', async () => {
    const partners = Array.from({ length: 7 }, (_, i) => id(`p${i}`));
    for (const [i, partnerId] of partners.entries()) {
      await harness.given(partnerStream(partnerId), [
        enrollmentSubmitted(partnerId, i % 2 === 0 ? 'indirect-reseller' : 'direct-provider', { cloud: i < 5 ? 'global' : 'china' }),
        ...(i % 3 === 0 ? [approved(partnerId)] : []),
      ]);
    }

    const first = listPartners(harness.db, { limit: 2 });
    expect(first.items.map((p) => p.partnerId)).toEqual(partners.slice(0, 2));
    const second = listPartners(harness.db, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((p) => p.partnerId)).toEqual(partners.slice(2, 4));
    const all = listPartners(harness.db, { limit: 1000 });
    expect(all).toMatchObject({ nextCursor: null });
    expect(all.items).toHaveLength(7);

    expect(listPartners(harness.db, { type: 'indirect-reseller' }).items.map((p) => p.partnerId)).toEqual([partners[0], partners[2], partners[4], partners[6]]);
    expect(listPartners(harness.db, { status: 'approved' }).items.map((p) => p.partnerId)).toEqual([partners[0], partners[3], partners[6]]);
    expect(listPartners(harness.db, { cloud: 'china', type: 'indirect-reseller', status: 'approved' }).items.map((p) => p.partnerId)).toEqual([partners[6]]);
    expect(() => listPartners(harness.db, { cursor: 'not-a-cursor' })).toThrow(InvalidCursorError);
  });
});
