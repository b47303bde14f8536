import { createSqliteEventStore } from '@ledger/event-store';
import type { Actor } from '@ledger/kernel';
import {
  accepted,
  approvedPartner,
  customerRegistered,
  customerStream,
  id,
  partnershipStream,
  partnerStream,
  providerAuthorized,
  relationshipRemoved,
  relationshipRequested,
  resellerInvited,
  subscriptionRecorded,
  subscriptionStream,
} from '../testing/events';
import { type ProjectionHarness, projectionHarness } from '../testing/harness';
import { InvalidQueryError } from '../shared/paging';
import { auditLogProjection, partiesNamedBy } from './audit-log.projection';
import { type AuditFilter, AuditLogAheadError, listAuditEvents, portReads } from './audit-log.queries';

describe('audit-log read model', () => {
  let harness: ProjectionHarness;
  const provider = id('provider');
  const reseller = id('reseller');
  const contoso = id('contoso');
  const subscription = id('sub-1');
  const resellerAdmin: Actor = { kind: 'partner', tenantId: reseller, userId: id('reseller-admin'), roles: ['global-admin'] };
  const customerAdmin: Actor = { kind: 'customer', tenantId: contoso, userId: id('contoso-admin'), roles: ['global-admin'] };

  beforeEach(async () => {
    harness = await projectionHarness([auditLogProjection]);
    await harness.given(partnerStream(provider), approvedPartner(provider, 'indirect-provider'), { occurredAt: '2025-01-01T00:00:00.000Z' }); // 1-4
    await harness.given(partnerStream(reseller), approvedPartner(reseller, 'indirect-reseller'), { occurredAt: '2025-01-02T00:00:00.000Z' }); // 5-8
    await harness.given(partnershipStream(provider, reseller), [resellerInvited('inv-1', provider, reseller)], { occurredAt: '2025-01-03T00:00:00.000Z' }); // 9
    await harness.given(partnershipStream(provider, reseller), [providerAuthorized('inv-1', provider, reseller)], {
      occurredAt: '2025-01-04T00:00:00.000Z',
      actor: resellerAdmin,
    }); // 10
    await harness.given(customerStream(contoso), [customerRegistered(contoso)], { occurredAt: '2025-01-05T00:00:00.000Z', actor: customerAdmin }); // 11
    await harness.given(customerStream(contoso), [relationshipRequested(contoso, 'req-1', [reseller, provider], [reseller])], {
      occurredAt: '2025-01-06T00:00:00.000Z',
      actor: resellerAdmin,
      correlationId: 'corr-invite',
    }); // 12
    await harness.given(customerStream(contoso), accepted(contoso, 'req-1', [reseller, provider], [reseller]), {
      occurredAt: '2025-01-07T00:00:00.000Z',
      actor: customerAdmin,
    }); // 13-16
    await harness.given(customerStream(contoso), [relationshipRemoved(contoso, provider)], { occurredAt: '2025-01-08T00:00:00.000Z' }); // 17
    await harness.given(subscriptionStream(subscription), [subscriptionRecorded(subscription, contoso, { channel: 'csp', partnerOfRecord: reseller })], {
      occurredAt: '2025-01-09T00:00:00.000Z',
      actor: resellerAdmin,
    }); // 18
  });
  afterEach(() => harness.close());
  const list = (filter: AuditFilter) => listAuditEvents(harness.db, harness.store, filter);

  it('keeps every event in log order with its stream, data, actor, metadata and time', async () => {
    const page = await list({ limit: 1000 });

    expect(page.items.map((e) => e.position)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(page.items[9]).toEqual({
      position: 10,
      eventId: expect.any(String),
      type: 'IndirectProviderAuthorized',
      streamId: partnershipStream(provider, reseller),
      data: { invitationId: 'inv-1', providerId: provider, resellerId: reseller, grants: ['submit-orders', 'reseller-tenant-admin'] },
      actor: resellerAdmin,
      metadata: expect.objectContaining({ actor: resellerAdmin, occurredAt: '2025-01-04T00:00:00.000Z', schemaVersion: 1 }),
      occurredAt: '2025-01-04T00:00:00.000Z',
      correlationId: expect.any(String),
    });
  });

  it('filters by partner: events whose data names it in any role', async () => {
    const types = (await list({ partnerId: provider })).items.map((e) => `${e.position}:${e.type}`);

    expect(types).toEqual([
      '1:PartnerEnrollmentSubmitted',
      '2:PartnerUserAdded',
      '3:PrimaryContactEmailVerified',
      '4:PartnerEnrollmentApproved',
      '9:ResellerInvited',
      '10:IndirectProviderAuthorized',
      '12:RelationshipRequested',
      '13:RelationshipAccepted',
      '15:ResellerRelationshipEstablished',
      '17:CustomerRelationshipRemoved',
    ]);
  });

  it('filters by customer, and by partner and customer together', async () => {
    expect((await list({ customerId: contoso })).items.map((e) => e.position)).toEqual([11, 12, 13, 14, 15, 16, 17, 18]);
    expect((await list({ customerId: contoso, partnerId: reseller })).items.map((e) => e.type)).toEqual([
      'RelationshipRequested',
      'RelationshipAccepted',
      'ResellerRelationshipEstablished',
      'DelegatedAdminPrivilegesGranted',
      'SubscriptionRecorded',
    ]);
  });

  it('filters by actor user, event type, correlation and an inclusive time range', async () => {
    expect((await list({ actorUserId: customerAdmin.userId })).items.map((e) => e.position)).toEqual([11, 13, 14, 15, 16]);
    expect((await list({ type: 'PartnerEnrollmentApproved' })).items.map((e) => e.position)).toEqual([4, 8]);
    expect((await list({ type: ['ResellerInvited', 'CustomerRegistered'] })).items.map((e) => e.position)).toEqual([9, 11]);
    expect((await list({ correlationId: 'corr-invite' })).items.map((e) => e.position)).toEqual([12]);
    expect((await list({ from: '2025-01-04T00:00:00Z', to: '2025-01-06T00:00:00.000Z' })).items.map((e) => e.position)).toEqual([10, 11, 12]);
    expect((await list({ from: '2025-01-08T00:00:00+00:00', partnerId: reseller, actorUserId: resellerAdmin.userId })).items.map((e) => e.position)).toEqual([18]);
    await expect(list({ from: 'yesterday' })).rejects.toThrow(InvalidQueryError);
    expect(await list({ from: '2030-01-01T00:00:00Z' })).toEqual({ items: [], nextCursor: null });
    expect((await list({ to: '2025-01-01T00:00:00.000Z' })).items.map((e) => e.position)).toEqual([1, 2, 3, 4]);
    const firstPage = await list({ from: '2025-01-02T00:00:00.000Z', to: '2025-01-07T00:00:00.000Z', limit: 5 });
    expect(firstPage.items.map((e) => e.position)).toEqual([5, 6, 7, 8, 9]);
    expect((await list({ from: '2025-01-02T00:00:00.000Z', to: '2025-01-07T00:00:00.000Z', cursor: firstPage.nextCursor })).items.map((e) => e.position)).toEqual([
      10, 11, 12, 13, 14, 15, 16,
    ]);
  });

  it('finds events whose time is out of log order (a command that took its time before appending)', async () => {
    await harness.given(customerStream(contoso), [relationshipRemoved(contoso, reseller)], { occurredAt: '2025-01-03T00:00:00.000Z' }); // 19

    expect((await list({ from: '2025-01-03T00:00:00.000Z', to: '2025-01-03T00:00:00.000Z' })).items.map((e) => e.position)).toEqual([9, 19]);
    expect((await list({ from: '2025-01-09T00:00:00.000Z' })).items.map((e) => e.position)).toEqual([18]);
  });

  it('pages in log order with filters', async () => {
    const first = await list({ partnerId: provider, limit: 4 });
    const second = await list({ partnerId: provider, limit: 4, cursor: first.nextCursor });
    const third = await list({ partnerId: provider, limit: 4, cursor: second.nextCursor });

    expect([first, second, third].map((page) => page.items.map((e) => e.position))).toEqual([[1, 2, 3, 4], [9, 10, 12, 13], [15, 17]]);
    expect(third.nextCursor).toBeNull();
  });

  it('reads the bodies from the log: every field of an item is the event as the log holds it', async () => {
    const logged = await harness.store.readAll();
    const page = await list({ limit: 1000 });

    expect(page.items.map(({ position, eventId, type, streamId, data, metadata }) => ({ position, eventId, type, streamId, data, metadata }))).toEqual(
      logged.map(({ position, id: eventId, type, streamId, data, metadata }) => ({ position, eventId, type, streamId, data, metadata })),
    );
  });

  it('answers the same pages from a reader that reads given positions at once (sqliteEventReader) as through the port', async () => {
    const logged = await harness.store.readAll();
    let reads = 0;
    const reader = {
      eventsAt(positions: readonly number[]) {
        reads += 1;
        return logged.filter((event) => positions.includes(event.position));
      },
    };
    for (const filter of [{ limit: 1000 }, { partnerId: provider, limit: 4 }, { customerId: contoso }, { type: 'PartnerEnrollmentApproved' }]) {
      await expect(listAuditEvents(harness.db, reader, filter)).resolves.toEqual(await list(filter));
    }
    expect(reads).toBe(4);
    await expect(listAuditEvents(harness.db, { eventsAt: () => logged.slice(0, 2) }, { limit: 3 })).rejects.toThrow(AuditLogAheadError);
  });

  it('reads through the port only from the positions of events, however sparse (EventStoreDB: offsets in its log)', () => {
    // A log whose positions are byte offsets: reading "after" anything but an event's position fails there.
    const log = [120, 480, 910, 1333, 1800, 2250, 2701, 3300, 3999, 4500, 5123, 5800, 6001, 7777];
    const counted: [number, number][] = [];
    const audit = {
      previous: (position: number) => [...log].reverse().find((at) => at < position) ?? null,
      countBetween: (first: number, last: number) => {
        counted.push([first, last]);
        return log.filter((at) => at >= first && at <= last).length;
      },
      nearby: (first: number, last: number) => log.filter((at) => at > first && at < last).length < 8,
    };
    const reads = portReads([480, 910, 1800, 7777], audit);
    expect(reads).toEqual([
      { after: 120, maxCount: 4 }, // 480 … 1800 (1333 read through)
      { after: 6001, maxCount: 1 }, // 7777, nine events later: a read of its own
    ]);
    // Exact counts only within the stretches read: the gaps between them may be the whole log.
    expect(counted).toEqual([
      [480, 1800],
      [7777, 7777],
    ]);
    for (const { after } of reads) expect(after === 0 || log.includes(after)).toBe(true);
    expect(portReads([120], audit)).toEqual([{ after: 0, maxCount: 1 }]);
  });

  it('refuses to answer from a log that does not hold the events it names (read models ahead of the log)', async () => {
    const olderLog = createSqliteEventStore({ path: ':memory:', durable: false });
    try {
      await expect(list({ limit: 3 })).resolves.toEqual(expect.objectContaining({ items: expect.any(Array) }));
      await expect(listAuditEvents(harness.db, olderLog, { limit: 3 })).rejects.toThrow(AuditLogAheadError);
    } finally {
      await olderLog.close();
    }
  });

  it('finds the parties an event names, in single fields and lists', () => {
    expect(partiesNamedBy({ customerId: 'c', partners: ['r', 'p'], delegatedAdminFor: ['r'], toPartnerId: 't', other: 'x' })).toEqual({
      partner: new Set(['r', 'p', 't']),
      customer: new Set(['c']),
    });
    expect(partiesNamedBy(null)).toEqual({ partner: new Set(), customer: new Set() });
  });
});
