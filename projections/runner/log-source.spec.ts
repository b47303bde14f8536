import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { LEDGER_UPCASTERS, withUpcasting } from '../../libs/event-store/src/upcasting';
import { allProjections, createReadModels, type Projection, type ReadModelDb } from '../index';
import { relationshipHistory } from '../testing/scenario';
import { appendTo, dump, metadata } from '../testing/store';
import { StoredEvent, sqliteEventReader, sqliteLogSource, storeLogSource } from './log-source';

function snapshot(db: ReadModelDb, projections: readonly Projection[] = allProjections): Record<string, string> {
  return Object.fromEntries(projections.flatMap((projection) => projection.tables.map((table) => [table, JSON.stringify(dump(db, table))])));
}

describe('rebuild log sources', () => {
  let dir: string;
  let file: string;
  let raw: EventStore;
  let store: EventStore;
  let head: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'log-source-'));
    file = join(dir, 'events.db');
    raw = createSqliteEventStore({ path: file, durable: false });
    for (const append of relationshipHistory({ partners: 25, customers: 120, seed: 11 })) {
      head = await appendTo(
        raw,
        append.streamId,
        append.events.map((event) => ({ ...event, metadata: metadata({ occurredAt: append.occurredAt, actor: append.actor }) })),
      );
    }
    // A version-1 CustomerRegistered (before `registeredBy`) and a current one: both must read as version 2.
    head = await appendTo(raw, 'customer-v1', [
      { type: 'CustomerRegistered', data: { customerId: 'v1', companyName: 'Old Shape', domain: 'old.example', country: 'US', cloud: 'global' }, metadata: metadata({ schemaVersion: 1 }) },
    ]);
    head = await appendTo(raw, 'customer-v2', [
      {
        type: 'CustomerRegistered',
        data: { customerId: 'v2', companyName: 'New Shape', domain: 'new.example', country: 'US', cloud: 'global', registeredBy: 'customer' },
        metadata: metadata({ schemaVersion: 2 }),
      },
    ]);
    store = withUpcasting(raw, LEDGER_UPCASTERS);
  });

  afterAll(async () => {
    await raw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the file as the upcasting store reads it: same events, same shapes, same order', async () => {
    const source = sqliteLogSource({ path: file, upcasters: LEDGER_UPCASTERS });
    try {
      const expected = await store.readAll();
      const read: RecordedEvent[] = [];
      let after = 0;
      for (;;) {
        const page = await source.readPage(after, 97, null);
        if (page.scannedUpTo <= after) break;
        read.push(...page.events);
        expect(page.covered).toBe(page.events.length);
        after = page.scannedUpTo;
      }
      expect(after).toBe(head);
      const plain = ({ id, streamId, revision, position, type, data, metadata, recordedAt }: RecordedEvent): RecordedEvent => ({ id, streamId, revision, position, type, data, metadata, recordedAt });
      expect(read.map(plain)).toEqual(expected);
      const oldShape = read.find((event) => event.streamId === 'customer-v1')!;
      expect(oldShape.data).toMatchObject({ registeredBy: 'customer' });
      expect(oldShape.metadata['schemaVersion']).toBe(2);
    } finally {
      source.close();
    }
  });

  it('reads given positions of the file in one query, as the upcasting store reads them', async () => {
    const reader = sqliteEventReader({ path: file, upcasters: LEDGER_UPCASTERS });
    try {
      const all = await store.readAll();
      const plain = ({ id, streamId, revision, position, type, data, metadata, recordedAt }: RecordedEvent): RecordedEvent => ({ id, streamId, revision, position, type, data, metadata, recordedAt });
      const wanted = [head - 1, 3, 7, 8, head + 5];
      const read = reader.eventsAt(wanted);

      expect(read.map(plain)).toEqual(all.filter((event) => wanted.includes(event.position)).map(plain));
      expect(read.map((event) => event.position)).toEqual([3, 7, 8, head - 1]);
      expect(read[3]!.data).toMatchObject({ registeredBy: 'customer' });
      expect(reader.eventsAt([])).toEqual([]);
    } finally {
      reader.close();
    }
  });

  it('filters by type inside SQLite and says how far it scanned, however few events match', async () => {
    for (const source of [sqliteLogSource({ path: file, upcasters: LEDGER_UPCASTERS }), storeLogSource(store)]) {
      try {
        const types = ['DelegatedAdminPrivilegesRevoked'];
        const expected = (await store.readAll()).filter((event) => types.includes(event.type)).map((event) => event.position);
        const positions: number[] = [];
        let after = 0;
        let covered = 0;
        for (;;) {
          const page = await source.readPage(after, 3, types);
          if (page.scannedUpTo <= after) break;
          positions.push(...page.events.map((event) => event.position));
          covered += page.covered;
          after = page.scannedUpTo;
        }
        expect(positions).toEqual(expected);
        expect(after).toBe(head);
        expect(covered).toBe(head);
      } finally {
        source.close();
      }
    }
  });

  it('rebuilds from the file into exactly the read models built live through the store, all together or one alone', async () => {
    const live = createReadModels({ store, path: ':memory:', batchSize: 7 });
    await live.runner.start();
    await expect(live.runner.waitForPosition(head, 10_000)).resolves.toBe(true);
    const expected = snapshot(live.db);

    const fast = createReadModels({ store, path: ':memory:', rebuildBatchSize: 50, rebuildSource: sqliteLogSource({ path: file, upcasters: LEDGER_UPCASTERS }) });
    await fast.runner.start();
    await fast.runner.whenRebuildsDone();
    await expect(fast.runner.waitForPosition(head, 0)).resolves.toBe(true);
    expect(snapshot(fast.db)).toEqual(expected);
    const report = await fast.runner.rebuild();
    expect(report.eventsProcessed).toBe(head);
    expect(snapshot(fast.db)).toEqual(expected);

    // One projection alone reads only its event types, and still ends at the head.
    const dapGrants = allProjections.find((projection) => projection.name === 'dap-grants')!;
    const single = createReadModels({ store, path: ':memory:', projections: [dapGrants], rebuildBatchSize: 5, rebuildSource: sqliteLogSource({ path: file, upcasters: LEDGER_UPCASTERS }) });
    await single.runner.start();
    await single.runner.whenRebuildsDone();
    await expect(single.runner.waitForPosition(head, 0)).resolves.toBe(true);
    expect(snapshot(single.db, [dapGrants])).toEqual(snapshot(live.db, [dapGrants]));

    for (const models of [live, fast, single]) {
      await models.runner.stop();
      models.db.close();
    }
  });

  it('reads occurredAt from the stored metadata text only where it is plainly a top-level key', () => {
    const stored = (metadata: string): StoredEvent => new StoredEvent([1, 's', 0, 'id', 'SomethingHappened', '{}', metadata, '2025-01-01T00:00:00.000Z'], LEDGER_UPCASTERS);
    const cases: Record<string, unknown>[] = [
      { actor: { kind: 'program' }, occurredAt: '2024-02-03T04:05:06.007Z', schemaVersion: 1 },
      { actor: { kind: 'program', occurredAt: 'nested, not this one' }, occurredAt: '2024-02-03T04:05:06.007Z' },
      { note: '"occurredAt":"inside a string"', occurredAt: '2024-02-03T04:05:06.007Z' },
      { occurredAt: 'with \\ "escapes"' },
      { occurredAt: 1700000000000 },
      { actor: { occurredAt: 'only nested' } },
      {},
    ];
    for (const metadata of cases) {
      expect(stored(JSON.stringify(metadata)).occurredAtField).toEqual(metadata['occurredAt']);
      expect(stored(JSON.stringify(metadata, null, 2)).occurredAtField).toEqual(metadata['occurredAt']);
    }
  });
});
