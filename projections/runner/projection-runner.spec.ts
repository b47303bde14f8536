import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import { appendTo, dump } from '../testing/store';
import type { LogPage, RebuildLogSource } from './log-source';
import type { Projection, RebuildProgress, ReadModelDb } from './projection';
import { readServingVersions } from './catalog';
import { ProjectionRunner, RebuildError, type ProjectionRunnerOptions } from './projection-runner';
import { openReadModelDatabase } from './read-model-database';
import { recordingProjection } from './testing/recording-projection';

/** Appends `count` events spread over three streams; returns the last position. */
async function appendMany(store: EventStore, count: number, prefix = 'thing'): Promise<number> {
  let last = 0;
  for (let i = 0; i < count; i += 1) {
    last = await appendTo(store, `${prefix}-${i % 3}`, [{ type: 'ThingHappened', data: { i } }]);
  }
  return last;
}

/** A rebuild source that reads synchronously, like sqliteLogSource: the store's events as they were when made. */
async function syncSourceOf(store: EventStore): Promise<RebuildLogSource & { readonly pageSizes: number[] }> {
  const events = await store.readAll();
  const head = events.at(-1)?.position ?? 0;
  const pageSizes: number[] = [];
  const readPageSync = (after: number, maxCount: number): LogPage => {
    const page = events.filter((event) => event.position > after).slice(0, maxCount);
    pageSizes.push(page.length);
    const scannedUpTo = page.length < maxCount ? Math.max(after, head) : page.at(-1)!.position;
    return { events: page, scannedUpTo, covered: scannedUpTo - after };
  };
  return { pageSizes, readPageSync, readPage: async (after, maxCount) => readPageSync(after, maxCount), close() {} };
}

function logRows(db: ReadModelDb, name = 'recording'): { position: number; label: string }[] {
  return db.prepare(`SELECT position, label FROM ${name}_log ORDER BY position`).all() as { position: number; label: string }[];
}

function positionsOnce(db: ReadModelDb, name: string, head: number): void {
  const rows = logRows(db, name).map((row) => row.position);
  expect(rows).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  const totals = db.prepare(`SELECT SUM(events) AS n FROM ${name}_totals`).get() as { n: number };
  expect(totals.n).toBe(head);
}

function checkpointOf(db: ReadModelDb, name: string): number {
  return (db.prepare('SELECT checkpoint FROM projection_meta WHERE name = ?').get(name) as { checkpoint: number }).checkpoint;
}

function physicalTablesNamed(db: ReadModelDb, prefix: string): string[] {
  return (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ORDER BY name`).all(`${prefix}%`) as { name: string }[]
  ).map((row) => row.name);
}

describe('ProjectionRunner', () => {
  let store: EventStore;
  let db: ReadModelDb;
  const runners: ProjectionRunner[] = [];

  function runner(projections: readonly Projection[], options: Partial<ProjectionRunnerOptions> = {}): ProjectionRunner {
    const created = new ProjectionRunner({ store, db, projections, ...options });
    runners.push(created);
    return created;
  }

  beforeEach(() => {
    store = createSqliteEventStore({ path: ':memory:', durable: false });
    db = openReadModelDatabase(':memory:');
  });

  afterEach(async () => {
    for (const started of runners.splice(0)) await started.stop();
    await store.close();
    db.close();
  });

  it('applies events and stores the checkpoint with the rows', async () => {
    const head = await appendMany(store, 20);
    const live = runner([recordingProjection()]);
    await live.start();

    await expect(live.waitForPosition(head, 2000)).resolves.toBe(true);
    positionsOnce(db, 'recording', head);
    expect(checkpointOf(db, 'recording')).toBe(head);
  });

  it('keeps applying events appended after start, in log order', async () => {
    const live = runner([recordingProjection()], { batchSize: 7 });
    await live.start();
    await appendMany(store, 10);
    const head = await appendMany(store, 25, 'other');

    await expect(live.waitForPosition(head, 2000)).resolves.toBe(true);
    positionsOnce(db, 'recording', head);
  });

  it('resumes from its checkpoint after stop and start, without doubling an effect', async () => {
    const first = runner([recordingProjection()]);
    await first.start();
    await first.waitForPosition(await appendMany(store, 30), 2000);
    await first.stop();

    const head = await appendMany(store, 30);
    const second = runner([recordingProjection()]);
    await second.start();

    await expect(second.waitForPosition(head, 2000)).resolves.toBe(true);
    positionsOnce(db, 'recording', head);
  });

  it('rolls a failing projection back to its checkpoint, keeps the others running, and applies everything once after a restart', async () => {
    const failing = runner([recordingProjection({ name: 'steady' }), recordingProjection({ name: 'flaky', failAtPosition: 7 })]);
    await failing.start();
    await failing.whenRebuildsDone(); // the (empty) first build
    // One append of 12 events: one live batch.
    const head = await appendTo(
      store,
      'thing-0',
      Array.from({ length: 12 }, (_, i) => ({ type: 'ThingHappened', data: { i } })),
    );

    await expect(failing.waitForPosition(head, 2000, ['steady'])).resolves.toBe(true);
    // The batch held all 12 events: the rows flaky wrote for events 1..7 were rolled back with it.
    expect(logRows(db, 'flaky')).toEqual([]);
    expect(checkpointOf(db, 'flaky')).toBe(0);
    positionsOnce(db, 'steady', head);
    const status = await failing.status();
    expect(status.projections.find((p) => p.name === 'flaky')).toMatchObject({ state: 'failed', error: 'boom at 7', checkpoint: 0, lag: head });
    expect(status.projections.find((p) => p.name === 'steady')).toMatchObject({ state: 'running', checkpoint: head, lag: 0 });
    expect(db.prepare(`SELECT error FROM projection_meta WHERE name = 'flaky'`).get()).toEqual({ error: 'boom at 7' });
    await expect(failing.waitForPosition(head, 30)).resolves.toBe(false);

    // Later events keep flowing to the healthy projection only.
    const later = await appendMany(store, 5);
    await expect(failing.waitForPosition(later, 2000, ['steady'])).resolves.toBe(true);
    expect(checkpointOf(db, 'flaky')).toBe(0);
    await failing.stop();

    // Fixed code, same version: the restart retries from the checkpoint.
    const fixed = runner([recordingProjection({ name: 'steady' }), recordingProjection({ name: 'flaky' })]);
    await fixed.start();
    await expect(fixed.waitForPosition(later, 2000)).resolves.toBe(true);
    positionsOnce(db, 'flaky', later);
    positionsOnce(db, 'steady', later);
  });

  it('resubscribes from its checkpoints after the subscription fails, without losing or doubling an effect', async () => {
    // The real store, except that the first subscription breaks after delivering 7 events.
    let subscriptions = 0;
    const flaky: EventStore = Object.create(store) as EventStore;
    flaky.subscribeToAll = (options) => {
      const real = store.subscribeToAll(options);
      subscriptions += 1;
      if (subscriptions > 1) return real;
      let delivered = 0;
      const iterator = real[Symbol.asyncIterator]();
      return {
        get fetchedCount() {
          return real.fetchedCount;
        },
        close: () => real.close(),
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            if (delivered === 7) throw new Error('connection lost');
            delivered += 1;
            return iterator.next();
          },
        }),
      };
    };
    const live = new ProjectionRunner({ store: flaky, db, projections: [recordingProjection()], batchSize: 3, retryDelayMs: { base: 1, max: 5 } });
    runners.push(live);
    await live.start();
    await live.whenRebuildsDone();
    const head = await appendMany(store, 20);

    await expect(live.waitForPosition(head, 2000)).resolves.toBe(true);
    expect(subscriptions).toBe(2);
    positionsOnce(db, 'recording', head);
  });

  describe('waitForPosition', () => {
    it('resolves true at once for a position already applied and for the start of the log', async () => {
      const head = await appendMany(store, 3);
      const live = runner([recordingProjection()]);
      await live.start();
      await live.waitForPosition(head, 2000);

      await expect(live.waitForPosition(head, 0)).resolves.toBe(true);
      await expect(live.waitForPosition(0, 0)).resolves.toBe(true);
    });

    it('resolves true when a later append is applied', async () => {
      const live = runner([recordingProjection()]);
      await live.start();
      const waiting = live.waitForPosition(5, 2000);
      await appendMany(store, 5);

      await expect(waiting).resolves.toBe(true);
      expect(logRows(db)).toHaveLength(5);
    });

    it('resolves false when the position is not reached in time, and on stop', async () => {
      const live = runner([recordingProjection()]);
      await live.start();
      await expect(live.waitForPosition(1, 20)).resolves.toBe(false);

      const pending = live.waitForPosition(1, 60_000);
      await live.stop();
      await expect(pending).resolves.toBe(false);
    });

    it('refuses an unknown projection name', async () => {
      const live = runner([recordingProjection()]);
      await live.start();
      expect(() => live.waitForPosition(1, 10, ['nope'])).toThrow('No projection is named nope');
    });
  });

  it('reports status: state, checkpoint, head and lag', async () => {
    const live = runner([recordingProjection({ name: 'one' }), recordingProjection({ name: 'two' })]);
    const head = await appendMany(store, 4);
    await live.start();
    await live.waitForPosition(head, 2000);

    const status = await live.status();
    expect(status.running).toBe(true);
    expect(status.headPosition).toBe(head);
    expect(status.projections).toEqual([
      expect.objectContaining({ name: 'one', version: 1, servingVersion: 1, generation: 2, state: 'running', checkpoint: head, lag: 0, error: null }),
      expect.objectContaining({ name: 'two', state: 'running', checkpoint: head, lag: 0 }),
    ]);
    await live.stop();
    expect((await live.status()).projections.map((p) => p.state)).toEqual(['stopped', 'stopped']);
  });

  it('refuses two projections claiming the same table', () => {
    expect(() => runner([recordingProjection({ name: 'same' }), { ...recordingProjection({ name: 'same' }), name: 'twin' }])).toThrow(
      'Table same_log is declared by both same and twin',
    );
  });

  describe('versions and rebuilds', () => {
    it('rebuilds a projection whose version changed into fresh tables while queries keep reading the old ones, then swaps', async () => {
      const head = await appendMany(store, 40);
      const v1 = runner([recordingProjection({ label: 'v1' })]);
      await v1.start();
      await v1.waitForPosition(head, 2000);
      await v1.stop();

      const seenDuringRebuild: { labels: string[]; count: number }[] = [];
      const progress: RebuildProgress[] = [];
      const v2 = runner([recordingProjection({ version: 2, label: 'v2' })], {
        rebuildBatchSize: 10,
        onRebuildProgress: (report) => {
          progress.push(report);
          if (report.position < head) {
            // A reader in the middle of the rebuild still gets the complete old read model.
            const rows = logRows(db);
            seenDuringRebuild.push({ labels: [...new Set(rows.map((row) => row.label))], count: rows.length });
          }
        },
      });
      await v2.start();
      expect((await v2.status()).projections[0]).toMatchObject({ state: 'rebuilding', version: 2, servingVersion: 1 });
      await v2.whenRebuildsDone();

      expect(seenDuringRebuild.length).toBeGreaterThan(0);
      for (const seen of seenDuringRebuild) expect(seen).toMatchObject({ labels: ['v1'], count: head });
      expect(logRows(db).map((row) => row.label)).toEqual(Array(head).fill('v2'));
      positionsOnce(db, 'recording', head);
      expect(progress.map((p) => p.position)).toEqual([10, 20, 30, 40, 40]);
      expect(progress.at(-1)).toMatchObject({ projections: ['recording'], headPosition: head, eventsProcessed: head });
      expect(db.prepare('SELECT version, generation, checkpoint FROM projection_meta').get()).toEqual({ version: 2, generation: 3, checkpoint: head });
      expect(physicalTablesNamed(db, 'recording_')).toEqual(['recording_log__g3', 'recording_totals__g3']);
      expect((await v2.status()).projections[0]).toMatchObject({ state: 'running', servingVersion: 2, generation: 3, rebuild: null });

      const more = await appendMany(store, 3);
      await expect(v2.waitForPosition(more, 2000)).resolves.toBe(true);
      positionsOnce(db, 'recording', more);
    });

    it('reports the old version as served until the rebuild of the new one swaps in (what the API’s upgrade gate reads)', async () => {
      const head = await appendMany(store, 30);
      const v1 = runner([recordingProjection({ label: 'v1' })]);
      await v1.start();
      await v1.waitForPosition(head, 2000);
      await v1.stop();
      expect(readServingVersions(db)).toEqual(new Map([['recording', 1]]));

      const duringRebuild: number[] = [];
      const v2 = runner([recordingProjection({ version: 2, label: 'v2' })], {
        rebuildBatchSize: 10,
        onRebuildProgress: (report) => {
          if (report.position < head) duringRebuild.push(readServingVersions(db).get('recording')!);
        },
      });
      await v2.start();
      expect(readServingVersions(db).get('recording')).toBe(1);
      await v2.whenRebuildsDone();

      expect(duringRebuild).toEqual([1, 1]);
      expect(readServingVersions(db)).toEqual(new Map([['recording', 2]]));
    });

    it('rebuilds on demand with progress, keeping the old tables live meanwhile, and the result equals the live-built one', async () => {
      const live = runner([recordingProjection({ name: 'a' }), recordingProjection({ name: 'b' })], { batchSize: 3, rebuildBatchSize: 8 });
      await live.start();
      // Built live across many small batches, with appends interleaved.
      for (let round = 0; round < 5; round += 1) await live.waitForPosition(await appendMany(store, 7), 2000);
      const head = await store.headPosition();
      const liveBuilt = { log: dump(db, 'a_log'), totals: dump(db, 'a_totals') };

      const progress: RebuildProgress[] = [];
      let appendedDuringRebuild = 0;
      const report = await live.rebuild('a', {
        onProgress: (p) => {
          progress.push(p);
          if (p.position === 16) void appendMany(store, 2, 'late').then((position) => (appendedDuringRebuild = position));
        },
      });

      expect(report).toMatchObject({ projections: ['a'], swapped: ['a'], failed: [], interrupted: false });
      expect(progress[0]).toMatchObject({ position: 8, eventsProcessed: 8 });
      expect(progress.every((p) => p.eventsPerSecond >= 0 && p.headPosition >= p.position)).toBe(true);
      await expect(live.waitForPosition(appendedDuringRebuild, 2000)).resolves.toBe(true);
      const newHead = await store.headPosition();
      expect(newHead).toBe(head + 2);
      positionsOnce(db, 'a', newHead);
      positionsOnce(db, 'b', newHead);
      expect(dump(db, 'a_log').filter((row) => (row as { position: number }).position <= head)).toEqual(liveBuilt.log);
      expect(db.prepare(`SELECT generation FROM projection_meta WHERE name = 'a'`).get()).toEqual({ generation: 3 });
      expect(physicalTablesNamed(db, 'a_')).toEqual(['a_log__g3', 'a_totals__g3']);
      expect(liveBuilt.totals).toHaveLength(3);
    });

    it('rebuilds all projections in one pass; rebuilt from zero equals built live', async () => {
      const live = runner([recordingProjection({ name: 'a' }), recordingProjection({ name: 'b' })], { batchSize: 4, rebuildBatchSize: 6 });
      await live.start();
      for (let round = 0; round < 4; round += 1) await live.waitForPosition(await appendMany(store, 9), 2000);
      const before = ['a_log', 'a_totals', 'b_log', 'b_totals'].map((table) => dump(db, table));

      const report = await live.rebuild();

      expect(report.swapped).toEqual(['a', 'b']);
      expect(report.eventsProcessed).toBe(36);
      expect(['a_log', 'a_totals', 'b_log', 'b_totals'].map((table) => dump(db, table))).toEqual(before);
    });

    it('keeps serving the old tables when a rebuild fails, and reports it', async () => {
      const head = await appendMany(store, 10);
      let failNow = false;
      const projection = recordingProjection({
        onApply: (position) => {
          if (failNow && position === 5) throw new Error('bad rebuild');
        },
      });
      const live = runner([projection]);
      await live.start();
      await live.waitForPosition(head, 2000);
      failNow = true;

      const failure = await live.rebuild('recording').catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(RebuildError);
      expect((failure as RebuildError).report.failed).toEqual([{ name: 'recording', error: 'bad rebuild' }]);
      positionsOnce(db, 'recording', head);
      expect(physicalTablesNamed(db, 'recording_')).toEqual(['recording_log__g2', 'recording_totals__g2']);
      expect(db.prepare('SELECT COUNT(*) AS n FROM projection_rebuilds').get()).toEqual({ n: 0 });
      expect((await live.status()).projections[0]).toMatchObject({ state: 'running', error: 'rebuild failed: bad rebuild' });
      failNow = false;
      const more = await appendMany(store, 2);
      await expect(live.waitForPosition(more, 2000)).resolves.toBe(true);
    });

    it('from a source that reads synchronously, applies several pages in one transaction per chunk', async () => {
      const head = await appendMany(store, 4_500);
      const source = await syncSourceOf(store);
      const progress: RebuildProgress[] = [];
      const live = runner([recordingProjection({ name: 'a' }), recordingProjection({ name: 'b' })], {
        rebuildSource: source,
        rebuildBatchSize: 5_000,
        onRebuildProgress: (report) => progress.push(report),
      });
      await live.start();
      await live.whenRebuildsDone();

      positionsOnce(db, 'a', head);
      positionsOnce(db, 'b', head);
      // Pages of 2,000 events, all in the first transaction; one progress report for it, one at the swap.
      expect(source.pageSizes.slice(0, 3)).toEqual([2_000, 2_000, 500]);
      expect(progress.map((report) => report.position)).toEqual([head, head]);
      expect(progress[0]).toMatchObject({ eventsProcessed: head });
    });

    it('from a source that reads synchronously, abandons a projection that throws and finishes the others', async () => {
      const head = await appendMany(store, 30);
      let failNow = false;
      const failing = recordingProjection({
        name: 'b',
        onApply: (position) => {
          if (failNow && position === 17) throw new Error('bad rebuild');
        },
      });
      // a keeps its rows back until flushed: the chunk it does again must not write them twice.
      const live = runner([recordingProjection({ name: 'a', keepsRowsBack: true }), failing], { rebuildSource: await syncSourceOf(store), rebuildBatchSize: 10 });
      await live.start();
      await live.whenRebuildsDone();
      failNow = true;

      const failure = await live.rebuild().catch((error: unknown) => error);

      expect((failure as RebuildError).report).toMatchObject({ swapped: ['a'], failed: [{ name: 'b', error: 'bad rebuild' }], eventsProcessed: head });
      positionsOnce(db, 'a', head);
      positionsOnce(db, 'b', head);
      expect(physicalTablesNamed(db, 'a_')).toEqual(['a_log__g3', 'a_totals__g3']);
      expect(physicalTablesNamed(db, 'b_')).toEqual(['b_log__g2', 'b_totals__g2']);
      expect((await live.status()).projections[1]).toMatchObject({ state: 'running', error: 'rebuild failed: bad rebuild' });
    });

    it('from a source that reads synchronously, retries a chunk whose log read failed without the rows a writer kept back from it', async () => {
      const head = await appendMany(store, 4_500);
      const source = await syncSourceOf(store);
      // The second page of the first chunk fails once: a failure that belongs to no projection.
      let reads = 0;
      const readPageSync: NonNullable<RebuildLogSource['readPageSync']> = (after, maxCount, types) => {
        reads += 1;
        if (reads === 2) throw new Error('disk I/O error');
        return source.readPageSync!(after, maxCount, types);
      };
      const live = runner([recordingProjection({ name: 'a', keepsRowsBack: true })], {
        rebuildSource: { ...source, readPageSync },
        rebuildBatchSize: 5_000,
        retryDelayMs: { base: 1, max: 5 },
      });
      await live.start();

      await expect(live.waitForPosition(head, 5000)).resolves.toBe(true);
      expect(reads).toBeGreaterThan(2);
      positionsOnce(db, 'a', head);
    });

    it('rebuilds from the log, with a warning, read models ahead of it (an older copy of the log restored beside them)', async () => {
      const head = await appendMany(store, 20);
      const first = runner([recordingProjection({ name: 'a' }), recordingProjection({ name: 'b' })]);
      await first.start();
      await first.waitForPosition(head, 2000);
      await first.stop();
      // The older copy holds the first 12 events; projection b is also mid-rebuild (to version 2) from them.
      const older = createSqliteEventStore({ path: ':memory:', durable: false });
      try {
        const olderHead = await appendMany(older, 12);
        const warnings: { details: object; message: string }[] = [];
        const logger = { info: () => undefined, error: () => undefined, warn: (details: object, message: string) => warnings.push({ details, message }) };
        const restarted = new ProjectionRunner({ store: older, db, projections: [recordingProjection({ name: 'a' }), recordingProjection({ name: 'b', version: 2 })], logger });
        runners.push(restarted);
        await restarted.start();
        await restarted.whenRebuildsDone();

        expect(warnings).toEqual([
          {
            message: 'read models are ahead of the event log (an older copy of the log?); rebuilding them from the log',
            details: { headPosition: olderHead, projections: [{ name: 'a', checkpoint: head, rebuildCheckpoint: null }, { name: 'b', checkpoint: head, rebuildCheckpoint: null }] },
          },
        ]);
        positionsOnce(db, 'a', olderHead);
        positionsOnce(db, 'b', olderHead);
        expect(db.prepare('SELECT name, version, checkpoint FROM projection_meta ORDER BY name').all()).toEqual([
          { name: 'a', version: 1, checkpoint: olderHead },
          { name: 'b', version: 2, checkpoint: olderHead },
        ]);
        // And they follow the log from there.
        const more = await appendMany(older, 3, 'later');
        await expect(restarted.waitForPosition(more, 2000)).resolves.toBe(true);
        positionsOnce(db, 'a', more);
        positionsOnce(db, 'b', more);
      } finally {
        await older.close();
      }
    });

    it('retries a rebuild at start that failed (the store unreachable on a first start) until it succeeds', async () => {
      const head = await appendMany(store, 10);
      // The first start-time rebuild fails on the projection's third event; the retry succeeds.
      let failures = 0;
      const projection = recordingProjection({
        onApply: (position) => {
          if (position === 3 && failures === 0) {
            failures += 1;
            throw new Error('store unreachable');
          }
        },
      });
      const live = runner([projection], { retryDelayMs: { base: 1, max: 5 } });
      await live.start();

      await expect(live.waitForPosition(head, 2000)).resolves.toBe(true);
      expect(failures).toBe(1);
      positionsOnce(db, 'recording', head);
      expect((await live.status()).projections[0]).toMatchObject({ state: 'running' });
    });

    it('resumes an interrupted rebuild at the next start from its own checkpoint', async () => {
      const head = await appendMany(store, 50);
      const v1 = runner([recordingProjection()]);
      await v1.start();
      await v1.waitForPosition(head, 2000);
      await v1.stop();

      const interrupted: ProjectionRunner = runner([recordingProjection({ version: 2, label: 'v2' })], {
        rebuildBatchSize: 10,
        onRebuildProgress: (p) => {
          if (p.position === 20) void interrupted.stop();
        },
      });
      await interrupted.start();
      await interrupted.whenRebuildsDone();
      expect(db.prepare('SELECT version, checkpoint FROM projection_rebuilds').get()).toEqual({ version: 2, checkpoint: 20 });
      expect(logRows(db).every((row) => row.label === 'v1')).toBe(true);

      const progress: number[] = [];
      const resumed = runner([recordingProjection({ version: 2, label: 'v2' })], {
        rebuildBatchSize: 10,
        onRebuildProgress: (p) => progress.push(p.position),
      });
      await resumed.start();
      await resumed.whenRebuildsDone();

      expect(progress[0]).toBe(30);
      expect(logRows(db).map((row) => row.label)).toEqual(Array(head).fill('v2'));
      positionsOnce(db, 'recording', head);
    });

    it('lets rebuild() join a rebuild that start() already queued', async () => {
      const head = await appendMany(store, 12);
      const v1 = runner([recordingProjection()]);
      await v1.start();
      await v1.waitForPosition(head, 2000);
      await v1.stop();

      const v2 = runner([recordingProjection({ version: 2, label: 'v2' })], { rebuildBatchSize: 5 });
      await v2.start();
      const seen: number[] = [];
      const report = await v2.rebuild('recording', { onProgress: (p) => seen.push(p.position) });

      expect(report.swapped).toEqual(['recording']);
      expect(seen.at(-1)).toBe(head);
      expect(db.prepare('SELECT generation FROM projection_meta').get()).toEqual({ generation: 3 });
    });
  });
});

describe('ProjectionRunner after a crash', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runner-crash-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function killChild(storePath: string, readModelPath: string): ReturnType<typeof spawnSync> {
    return spawnSync(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, 'testing/crash-child.ts'), storePath, readModelPath, '180', '100'], {
      cwd: resolve(__dirname, '../..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  const twoProjections = (): Projection[] => [recordingProjection({ name: 'first' }), recordingProjection({ name: 'second' })];

  async function restartAndExpectExactlyOnce(storePath: string, db: ReadModelDb, head: number): Promise<void> {
    const store = createSqliteEventStore({ path: storePath, durable: false });
    const restarted = new ProjectionRunner({ store, db, projections: twoProjections() });
    await restarted.start();
    await expect(restarted.waitForPosition(head, 5000)).resolves.toBe(true);
    positionsOnce(db, 'first', head);
    positionsOnce(db, 'second', head);
    await restarted.stop();
    await store.close();
    db.close();
  }

  it('finds every effect exactly once after the process is killed in the middle of a live batch', async () => {
    const storePath = join(dir, 'events.db');
    const readModelPath = join(dir, 'read-models.db');
    // The read models exist (built on an empty log); then 250 events arrive for the live loop.
    const writer = createSqliteEventStore({ path: storePath, durable: false });
    const first = new ProjectionRunner({ store: writer, db: openReadModelDatabase(readModelPath), projections: twoProjections() });
    await first.start();
    await first.whenRebuildsDone();
    await first.stop();
    const head = await appendMany(writer, 250);
    await writer.close();

    const child = killChild(storePath, readModelPath);
    expect(child.signal).toBe('SIGKILL');

    // Batch 1..100 committed; the batch 101..200 died with the process: nothing of it is stored.
    const db = openReadModelDatabase(readModelPath);
    expect(checkpointOf(db, 'first')).toBe(100);
    expect(checkpointOf(db, 'second')).toBe(100);
    positionsOnce(db, 'first', 100);
    positionsOnce(db, 'second', 100);
    await restartAndExpectExactlyOnce(storePath, db, head);
  });

  it('resumes a rebuild killed in the middle of a page from its last committed page, exactly once', async () => {
    const storePath = join(dir, 'events.db');
    const readModelPath = join(dir, 'read-models.db');
    const writer = createSqliteEventStore({ path: storePath, durable: false });
    const head = await appendMany(writer, 250);
    await writer.close();

    // The first start builds from the log as a rebuild, in pages of 100, each projection's part of a
    // page in its own transaction: 'first' committed the second page, 'second' died in it.
    const child = killChild(storePath, readModelPath);
    expect(child.signal).toBe('SIGKILL');

    const db = openReadModelDatabase(readModelPath);
    expect(db.prepare('SELECT name, checkpoint FROM projection_rebuilds ORDER BY name').all()).toEqual([
      { name: 'first', checkpoint: 200 },
      { name: 'second', checkpoint: 100 },
    ]);
    expect(checkpointOf(db, 'first')).toBe(0);
    await restartAndExpectExactlyOnce(storePath, db, head);
  });
});
