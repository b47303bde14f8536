import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcurrencyError, createSqliteEventStore } from '@ledger/event-store';
import type { EventStore, NewEvent, RecordedEvent } from '@ledger/event-store';
import { CliError } from '../cli-context';
import { describeStore } from '../support/store-spec';
import { copyEventBytes, copyEvents, parseStoreSpec, planChunks } from './copy.command';

const context = { cwd: '/srv/ledger', env: { ESDB_CONNECTION_STRING: 'esdb://db:2113?tls=false' } };
const newEvent = (type = 'Happened', data: unknown = { n: 1 }): NewEvent => ({ id: randomUUID(), type, data, metadata: { actor: 'a', occurredAt: '2026-11-21T00:00:00Z' } });

describe('store specs', () => {
  it('reads sqlite files, esdb with a connection string, and connection strings themselves', () => {
    expect(parseStoreSpec('sqlite:data/events.db', undefined, context)).toEqual({ kind: 'sqlite', file: '/srv/ledger/data/events.db' });
    expect(parseStoreSpec('sqlite:/abs/events.db', undefined, context)).toEqual({ kind: 'sqlite', file: '/abs/events.db' });
    expect(parseStoreSpec('esdb', undefined, context)).toEqual({ kind: 'esdb', connectionString: 'esdb://db:2113?tls=false' });
    expect(parseStoreSpec('esdb', 'esdb://other:2113', context)).toEqual({ kind: 'esdb', connectionString: 'esdb://other:2113' });
    expect(parseStoreSpec('esdb+discover://cluster:2113', undefined, context)).toEqual({ kind: 'esdb', connectionString: 'esdb+discover://cluster:2113' });
  });

  it('explains what it cannot read', () => {
    expect(() => parseStoreSpec('esdb', undefined, { ...context, env: {} })).toThrow(/--connection .* or ESDB_CONNECTION_STRING/);
    expect(() => parseStoreSpec('sqlite:', undefined, context)).toThrow(CliError);
    expect(() => parseStoreSpec('postgres://x', undefined, context)).toThrow(/is not a store/);
  });

  it('never prints credentials', () => {
    expect(describeStore({ kind: 'esdb', connectionString: 'esdb://admin:changeit@db1:2113,db2:2113?tls=true' })).toBe('EventStoreDB esdb://…@db1:2113,db2:2113');
    expect(describeStore({ kind: 'sqlite', file: '/x/events.db' })).toBe('sqlite:/x/events.db');
  });
});

describe('planChunks', () => {
  let position = 0;
  const recorded = (streamId: string, revision: number, data: unknown = { n: revision }): RecordedEvent => ({
    id: randomUUID(),
    streamId,
    revision,
    position: (position += 1),
    type: 'Happened',
    data,
    metadata: {},
    recordedAt: '2026-11-21T00:00:00.000Z',
  });
  const shape = (chunks: ReturnType<typeof planChunks>): string[] => chunks.map((c) => `${c.streamId}@${c.fromRevision}x${c.events.length}`);

  it('keeps the global order, grouping consecutive events of one stream', () => {
    const page = [recorded('a', 0), recorded('a', 1), recorded('b', 0), recorded('a', 2), recorded('a', 3), recorded('a', 4), recorded('c', 0)];
    expect(shape(planChunks(page))).toEqual(['a@0x2', 'b@0x1', 'a@2x3', 'c@0x1']);
  });

  it('splits a run at a revision gap, at the event limit and at the byte limit', () => {
    expect(shape(planChunks([recorded('a', 0), recorded('a', 2)]))).toEqual(['a@0x1', 'a@2x1']);
    const many = Array.from({ length: 7 }, (_, i) => recorded('a', i));
    expect(shape(planChunks(many, { maxAppendBytes: 1 << 20, maxEvents: 3 }))).toEqual(['a@0x3', 'a@3x3', 'a@6x1']);
    const big = Array.from({ length: 5 }, (_, i) => recorded('b', i, 'x'.repeat(400)));
    const oneEvent = copyEventBytes(big[0]!);
    expect(oneEvent).toBe(402 + 2 + 'Happened'.length * 2);
    expect(shape(planChunks(big, { maxAppendBytes: 2 * oneEvent, maxEvents: 100 }))).toEqual(['b@0x2', 'b@2x2', 'b@4x1']);
  });

  it('gives an event over the byte limit its own append (the target names it when it refuses)', () => {
    const page = [recorded('a', 0, 'small'), recorded('a', 1, 'x'.repeat(5000)), recorded('a', 2, 'small')];
    expect(shape(planChunks(page, { maxAppendBytes: 1000, maxEvents: 100 }))).toEqual(['a@0x1', 'a@1x1', 'a@2x1']);
  });

  it('returns nothing for nothing', () => {
    expect(planChunks([])).toEqual([]);
  });
});

describe('copyEvents (SQLite to SQLite)', () => {
  let dir: string;
  let source: EventStore;
  let target: EventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-copy-'));
    source = createSqliteEventStore({ path: join(dir, 'source.db'), durable: false });
    target = createSqliteEventStore({ path: join(dir, 'target.db'), durable: false });
  });
  afterEach(async () => {
    await source.close();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Interleaved streams, multi-event appends, a big event: a small ledger. */
  async function seed(): Promise<void> {
    await source.append('partner-1', [newEvent('PartnerEnrolled'), newEvent('PartnerApproved')], { expectedRevision: 'no-stream' });
    await source.append('customer-1', [newEvent('CustomerRegistered', { name: 'Émile', tags: ['a', null] })], { expectedRevision: 'no-stream' });
    await source.append('partner-1', [newEvent('PartnerUserAdded')], { expectedRevision: 1 });
    await source.append('customer-1', [newEvent('Big', 'x'.repeat(300_000)), newEvent('RelationshipRequested')], { expectedRevision: 0 });
    for (let i = 0; i < 30; i += 1) await source.append(`tenant-${i % 4}`, [newEvent('Touched', { i })], { expectedRevision: 'any' });
  }

  /** What a copy must preserve: order, streams, revisions, ids, types, data, metadata. */
  const essence = (events: RecordedEvent[]): unknown[] => events.map(({ id, streamId, revision, type, data, metadata }) => ({ id, streamId, revision, type, data, metadata }));

  it('copies every event in the source order, keeping streams, revisions, ids, data and metadata', async () => {
    await seed();
    const report = await copyEvents(source, target, { pageSize: 7 });
    expect(essence(await target.readAll())).toEqual(essence(await source.readAll()));
    expect(report).toMatchObject({ copied: 36, skipped: 0, streams: 6 });
    expect(report.appends).toBeLessThan(36);
  });

  it('resumes: a second run skips everything, a later one copies only what is new', async () => {
    await seed();
    await copyEvents(source, target);
    expect(await copyEvents(source, target)).toMatchObject({ copied: 0, skipped: 36, appends: 0 });

    await source.append('partner-1', [newEvent('PartnerUserRemoved'), newEvent('PartnerUserAdded')], { expectedRevision: 2 });
    // Half of that append already made it (an earlier copy interrupted mid-way, or by hand).
    const [removed] = await source.readStream('partner-1', { fromRevision: 3, maxCount: 1 });
    await target.append('partner-1', [{ id: removed!.id, type: removed!.type, data: removed!.data, metadata: removed!.metadata }], { expectedRevision: 2 });

    expect(await copyEvents(source, target)).toMatchObject({ copied: 1, skipped: 37, appends: 1 });
    expect(essence(await target.readStream('partner-1'))).toEqual(essence(await source.readStream('partner-1')));
  });

  it('stops when asked, and the next run finishes the copy', async () => {
    await seed();
    let appendsAllowed = 3;
    const first = await copyEvents(source, target, { stopRequested: () => appendsAllowed-- <= 0 });
    expect(first.copied).toBeGreaterThan(0);
    expect(first.copied).toBeLessThan(36);
    const second = await copyEvents(source, target);
    expect(second.copied + first.copied).toBe(36);
    expect(essence(await target.readAll())).toEqual(essence(await source.readAll()));
  });

  it('refuses a target whose stream holds other events at those revisions', async () => {
    await seed();
    await target.append('customer-1', [newEvent('SomethingElse')], { expectedRevision: 'no-stream' });
    await expect(copyEvents(source, target)).rejects.toThrow(/customer-1 holds event .* at revision 0 where the source has .*diverged/);
  });

  it('refuses a target stream that lacks events the source has before the ones being copied', async () => {
    await seed();
    const withoutFirstEvents: EventStore = {
      ...source,
      headPosition: () => source.headPosition(),
      readAll: async (options) => (await source.readAll(options)).filter((e) => !(e.streamId === 'partner-1' && e.revision < 2)),
    };
    await expect(copyEvents(withoutFirstEvents, target)).rejects.toThrow(/partner-1 ends at revision -1 but the source continues at revision 2/);
  });

  it('explains a concurrent writer on the target', async () => {
    await seed();
    const racing: EventStore = {
      ...target,
      readStream: (streamId, options) => target.readStream(streamId, options),
      append: () => Promise.reject(new ConcurrencyError('partner-1', 'no-stream', 0)),
    };
    await expect(copyEvents(source, racing)).rejects.toThrow(/Someone else is writing to the target's stream partner-1/);
  });

  it('reports progress against the source head', async () => {
    await seed();
    const seen: Array<{ position: number; head: number }> = [];
    await copyEvents(source, target, { pageSize: 10, onProgress: ({ position, head }) => seen.push({ position, head }) });
    const head = await source.headPosition();
    expect(seen.length).toBe(4);
    expect(seen[seen.length - 1]).toEqual({ position: head, head });
    expect(seen.map((p) => p.position)).toEqual([...seen.map((p) => p.position)].sort((a, b) => a - b));
  });
});
