/**
 * Append throughput of the SQLite event store, durable (WAL, synchronous=FULL), beside the rate
 * of raw better-sqlite3 inserts of the same rows into the same table with the same pragmas,
 * measured in the same run on the same disk:
 *
 * (a) one event per append, each awaited before the next (a lone writer): every append is one
 *     commit, so the ceiling is one raw INSERT per transaction. Target ≥ 80 % of it.
 * (b) 64 appenders on different streams, each awaiting its own appends: group commit puts the
 *     appends of one event-loop turn in one transaction. Target ≥ 3× the single-commit rate of (a).
 *     The same load without group commit is printed to show what the grouping buys, and so is a
 *     load shaped like a few HTTP clients: 8 writers whose every append follows an I/O callback.
 *
 * The disk's sync latency drifts a lot when other processes share it, so the four loads run
 * interleaved in small chunks (rotating which goes first) on files opened once, and each rate is
 * the total of its events over the total of its time: a slow stretch of the disk hits every side.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import { EVENTS_TABLE_DDL, applyConnectionPragmas } from '../../libs/event-store/src/sqlite/schema';
import type { NewEvent } from '../../libs/event-store/src/port';
import { formatPercent, formatRate, formatTimes } from './scenario';
import type { BenchOptions, BenchRow, BenchScenario } from './scenario';

const APPENDERS = 64;
/** Writers of the I/O-driven load (a handful of HTTP clients). */
const IO_WRITERS = 8;
/** The lone writer spreads its events over this many streams, appending at exact revisions. */
const STREAMS = 100;

interface Sizes {
  readonly chunks: number;
  /** Events per chunk of the sequential loads (raw and store). */
  readonly sequentialPerChunk: number;
  /** Appends per appender per chunk of the concurrent loads. */
  readonly concurrentPerChunk: number;
  /** Appends per writer per chunk of the I/O-driven loads. */
  readonly ioPerChunk: number;
}

const FULL: Sizes = { chunks: 40, sequentialPerChunk: 100, concurrentPerChunk: 3, ioPerChunk: 12 };
const QUICK: Sizes = { chunks: 8, sequentialPerChunk: 50, concurrentPerChunk: 2, ioPerChunk: 6 };

/** One event as a command would produce it, with realistic metadata. */
function benchEvent(n: number): NewEvent {
  const commandId = randomUUID();
  return {
    id: randomUUID(),
    type: 'BenchAmountRecorded',
    data: { customerId: randomUUID(), amount: n, currency: 'EUR', note: 'benchmark event with a typical payload size' },
    metadata: {
      actor: { kind: 'partner', tenantId: randomUUID(), userId: randomUUID(), roles: ['admin-agent'] },
      commandId,
      correlationId: randomUUID(),
      causationId: commandId,
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}

/** One measured load: runs a chunk at a time and keeps its own total of events and seconds. */
interface Load {
  /** Runs one chunk; its events are prepared before the timing starts. */
  runChunk(): Promise<Measured>;
  close(): Promise<void>;
}

interface Measured {
  readonly events: number;
  readonly seconds: number;
}

class Tally {
  private events = 0;
  private seconds = 0;
  add(measured: Measured): void {
    this.events += measured.events;
    this.seconds += measured.seconds;
  }
  get rate(): number {
    return this.events / this.seconds;
  }
}

/** Times `work`, which returns how many events it wrote. */
async function timed(work: () => number | Promise<number>): Promise<Measured> {
  const started = process.hrtime.bigint();
  const events = await work();
  return { events, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * The ceiling: the same events written the minimal raw way, JSON.stringify and one INSERT per
 * transaction, with no validation, no revision or id checks and no promises.
 */
function rawSequentialLoad(path: string, perChunk: number): Load {
  const db = new Database(path);
  applyConnectionPragmas(db, true, 5000);
  db.exec(EVENTS_TABLE_DDL);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  let written = 0;
  return {
    async runChunk() {
      const events = Array.from({ length: perChunk }, (_, i) => benchEvent(written + i));
      return timed(() => {
        for (const event of events) {
          begin.run();
          insert.run(
            `bench-${written % STREAMS}`,
            Math.floor(written / STREAMS),
            event.id,
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
            new Date().toISOString(),
          );
          commit.run();
          written += 1;
        }
        return events.length;
      });
    },
    async close() {
      db.close();
    },
  };
}

/** (a) A lone writer: one event per append, awaited, at the exact expected revision. */
function storeSequentialLoad(path: string, perChunk: number): Load {
  const store = new SqliteEventStore({ path, durable: true });
  let written = 0;
  return {
    async runChunk() {
      const events = Array.from({ length: perChunk }, (_, i) => benchEvent(written + i));
      return timed(async () => {
        for (const event of events) {
          const revision = Math.floor(written / STREAMS);
          await store.append(`bench-${written % STREAMS}`, [event], { expectedRevision: revision === 0 ? 'no-stream' : revision - 1 });
          written += 1;
        }
        return events.length;
      });
    },
    close: () => store.close(),
  };
}

interface ConcurrentShape {
  readonly appenders: number;
  readonly perChunk: number;
  readonly groupCommit: boolean;
  /**
   * Each append follows an I/O completion (an fs.stat), as an HTTP request's append follows the
   * socket read that brought it: the appends of one turn then come from separate callbacks
   * instead of from one burst of promise continuations.
   */
  readonly afterIo: boolean;
}

/** (b) concurrent appenders, one stream each, every one awaiting its own appends. */
function storeConcurrentLoad(path: string, shape: ConcurrentShape): Load & { store: SqliteEventStore } {
  const store = new SqliteEventStore({ path, durable: true, groupCommit: shape.groupCommit });
  const revisions = new Array<number>(shape.appenders).fill(-1);
  return {
    store,
    async runChunk() {
      const events = revisions.map(() => Array.from({ length: shape.perChunk }, (_, n) => benchEvent(n)));
      return timed(async () => {
        await Promise.all(
          events.map(async (mine, appender) => {
            for (const event of mine) {
              if (shape.afterIo) await stat(path);
              const last = revisions[appender]!;
              await store.append(`appender-${appender}`, [event], { expectedRevision: last === -1 ? 'no-stream' : last });
              revisions[appender] = last + 1;
            }
          }),
        );
        return shape.appenders * shape.perChunk;
      });
    },
    close: () => store.close(),
  };
}

async function run(options: BenchOptions): Promise<BenchRow[]> {
  const sizes = options.quick ? QUICK : FULL;
  const file = (name: string): string => join(options.workDir, `${name}.db`);
  const burst = (groupCommit: boolean): ConcurrentShape => ({ appenders: APPENDERS, perChunk: sizes.concurrentPerChunk, groupCommit, afterIo: false });
  const io = (groupCommit: boolean): ConcurrentShape => ({ appenders: IO_WRITERS, perChunk: sizes.ioPerChunk, groupCommit, afterIo: true });
  const grouped = storeConcurrentLoad(file('grouped'), burst(true));
  const ioGrouped = storeConcurrentLoad(file('io-grouped'), io(true));
  const loads = {
    raw: rawSequentialLoad(file('raw'), sizes.sequentialPerChunk),
    single: storeSequentialLoad(file('single'), sizes.sequentialPerChunk),
    grouped,
    ungrouped: storeConcurrentLoad(file('ungrouped'), burst(false)),
    ioGrouped,
    ioUngrouped: storeConcurrentLoad(file('io-ungrouped'), io(false)),
  };
  const names = Object.keys(loads) as Array<keyof typeof loads>;
  const tallies = Object.fromEntries(names.map((name) => [name, new Tally()])) as Record<keyof typeof loads, Tally>;
  // Warm-up chunk, not counted: JIT, prepared statements, file creation.
  for (const name of names) await loads[name].runChunk();
  for (let chunk = 0; chunk < sizes.chunks; chunk += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const name = names[(chunk + i) % names.length]!;
      tallies[name].add(await loads[name].runChunk());
    }
  }
  const groupSize = (store: SqliteEventStore): string => (store.commitStats.appends / store.commitStats.transactions).toFixed(1);
  const burstGroup = groupSize(grouped.store);
  const ioGroup = groupSize(ioGrouped.store);
  for (const name of names) await loads[name].close();

  const { raw, single } = tallies;
  const singleRatio = single.rate / raw.rate;
  const groupedRatio = tallies.grouped.rate / single.rate;
  return [
    {
      scenario: 'append: 1 event per commit, awaited (durable)',
      result: formatRate(single.rate),
      ceiling: `${formatRate(raw.rate)} raw insert`,
      ratio: formatPercent(singleRatio),
      target: '≥ 80 %',
      met: singleRatio >= 0.8,
    },
    {
      scenario: `append: ${APPENDERS} concurrent appenders, group commit (durable; ${burstGroup} appends/commit)`,
      result: formatRate(tallies.grouped.rate),
      ceiling: `${formatRate(single.rate)} single`,
      ratio: formatTimes(groupedRatio),
      target: '≥ 3×',
      met: groupedRatio >= 3,
    },
    {
      scenario: `append: ${APPENDERS} concurrent appenders, group commit off (durable)`,
      result: formatRate(tallies.ungrouped.rate),
      ceiling: `${formatRate(single.rate)} single`,
      ratio: formatTimes(tallies.ungrouped.rate / single.rate),
      target: '',
      met: null,
    },
    {
      scenario: `append: ${IO_WRITERS} writers, each append after an I/O callback, group commit (${ioGroup} appends/commit)`,
      result: formatRate(tallies.ioGrouped.rate),
      ceiling: `${formatRate(tallies.ioUngrouped.rate)} group commit off`,
      ratio: formatTimes(tallies.ioGrouped.rate / tallies.ioUngrouped.rate),
      target: '',
      met: null,
    },
  ];
}

export const appendScenario: BenchScenario = { name: 'append', run };
