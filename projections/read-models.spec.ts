import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import { allProjections, createReadModels, getCustomer, listAuditEvents, listDapGrants, listPartnerCustomers, type ReadModelDb } from './index';
import { relationshipHistory } from './testing/scenario';
import { appendTo, dump, metadata } from './testing/store';

/** Every row of every read model, through the views queries read. */
function snapshot(db: ReadModelDb): Record<string, unknown[]> {
  return Object.fromEntries(allProjections.flatMap((projection) => projection.tables.map((table) => [table, dump(db, table)])));
}

/** Compares snapshots table by table; as JSON first, since deep equality on thousands of rows is slow. */
function expectSameReadModels(actual: Record<string, unknown[]>, expected: Record<string, unknown[]>): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const table of Object.keys(expected)) {
    if (JSON.stringify(actual[table]) !== JSON.stringify(expected[table])) expect({ [table]: actual[table] }).toEqual({ [table]: expected[table] });
  }
}

async function appendHistory(store: EventStore, partners: number, customers: number): Promise<number> {
  let last = 0;
  for (const append of relationshipHistory({ partners, customers, seed: 7 })) {
    last = await appendTo(
      store,
      append.streamId,
      append.events.map((event) => ({ ...event, metadata: metadata({ occurredAt: append.occurredAt, actor: append.actor }) })),
    );
  }
  return last;
}

describe('all read models', () => {
  let store: EventStore;

  beforeEach(() => {
    store = createSqliteEventStore({ path: ':memory:', durable: false });
  });
  afterEach(() => store.close());

  it('rebuilt from zero equal the ones built live, batch by batch, while the history was written', async () => {
    const live = createReadModels({ store, path: ':memory:', batchSize: 5, rebuildBatchSize: 97 });
    await live.runner.start();
    const head = await appendHistory(store, 40, 150);
    await expect(live.runner.waitForPosition(head, 10_000)).resolves.toBe(true);
    const builtLive = snapshot(live.db);
    expect(Object.values(builtLive).every((rows) => rows.length > 0)).toBe(true);

    // The read models answer the questions the ledger exists for.
    const retained = listDapGrants(live.db, { status: 'retained', limit: 1000 }).items;
    expect(retained.length).toBeGreaterThan(0);
    expect(retained.every((grant) => grant.retainedSince !== undefined)).toBe(true);
    const someCustomer = retained[0]!.customerId;
    expect(getCustomer(live.db, someCustomer)?.dapGrants).toContainEqual(expect.objectContaining({ partnerId: retained[0]!.partnerId, relationshipActive: false }));
    expect((await listAuditEvents(live.db, store, { limit: 1000 })).items.length).toBe(Math.min(1000, head));

    const report = await live.runner.rebuild();
    expect(report.swapped).toEqual(allProjections.map((projection) => projection.name));
    expect(report.eventsProcessed).toBe(head);
    expectSameReadModels(snapshot(live.db), builtLive);

    // And so do read models built by another instance from the log alone, in large batches.
    const fresh = createReadModels({ store, path: ':memory:' });
    await fresh.runner.start();
    await expect(fresh.runner.waitForPosition(head, 10_000)).resolves.toBe(true);
    expectSameReadModels(snapshot(fresh.db), builtLive);

    const firstPartnerWithCustomers = (builtLive['customer_relationships'] as { partner_id: string; status: string }[]).find((row) => row.status === 'active')!;
    expect(listPartnerCustomers(fresh.db, firstPartnerWithCustomers.partner_id).items.length).toBeGreaterThan(0);

    await live.runner.stop();
    await fresh.runner.stop();
    live.db.close();
    fresh.db.close();
  });
});
