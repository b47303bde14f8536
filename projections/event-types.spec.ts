import { CUSTOMER_EVENT_TYPES } from '@ledger/customers';
import { MPN_REGISTRY_EVENT_TYPES, PARTNER_EVENT_TYPES, TENANT_REGISTRY_EVENT_TYPES } from '@ledger/partners';
import { PARTNERSHIP_EVENT_TYPES } from '@ledger/partnerships';
import { SUBSCRIPTION_EVENT_TYPES } from '@ledger/subscriptions';
import { allProjections, openReadModelDatabase } from './index';

/** Every event type the ledger writes. */
const ALL_TYPES: readonly string[] = [
  ...PARTNER_EVENT_TYPES,
  ...TENANT_REGISTRY_EVENT_TYPES,
  ...MPN_REGISTRY_EVENT_TYPES,
  ...PARTNERSHIP_EVENT_TYPES,
  ...CUSTOMER_EVENT_TYPES,
  ...SUBSCRIPTION_EVENT_TYPES,
];

/*
 * A projection that names its event types is never given any other event, and a rebuild of it reads
 * only those from the log. Naming too few would silently drop facts, so: apply must do nothing at
 * all (not even read the data) for every type left out.
 */
describe.each(allProjections.filter((projection) => projection.eventTypes !== undefined).map((projection) => [projection.name, projection] as const))(
  'projection %s names every event type it acts on',
  (_name, projection) => {
    const ignored = ALL_TYPES.filter((type) => !projection.eventTypes!.includes(type));

    it.each(ignored)('ignores %s', (type) => {
      const db = openReadModelDatabase(':memory:');
      try {
        const tables = Object.fromEntries(projection.tables.map((table) => [table, `${table}__g1`]));
        projection.createSchema(db, tables);
        const writer = projection.writer(db, tables);
        const changes = db.prepare('SELECT total_changes()').pluck();
        const before = changes.get();
        const untouchable = new Proxy({}, { get: (_target, field) => { throw new Error(`read ${String(field)} of a ${type}`); } });
        writer.apply({ id: 'e', streamId: 's', revision: 0, position: 1, type, data: untouchable, metadata: untouchable, recordedAt: '2025-01-01T00:00:00.000Z' });
        expect(changes.get()).toBe(before);
      } finally {
        db.close();
      }
    });

    it('names only event types the ledger writes', () => {
      expect(projection.eventTypes!.filter((type) => !ALL_TYPES.includes(type))).toEqual([]);
    });
  },
);
