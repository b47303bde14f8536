/**
 * Append throughput of the SQLite event store, durable (WAL, synchronous=FULL), beside the rate
 * of raw better-sqlite3 inserts of the same rows into the same table with the same pragmas,
 * measured in the same run on the same disk:
 *
 * (a) one event per append, each awaited before the next (a lone writer): every append is one
 *     commit, so the ceiling is one raw INSERT per transaction. Target ≥ 80 % of it.
 * (b) 64 appenders on different streams, each awaiting its own appends: group commit puts the
 *     appends of one event-loop turn in one transaction. Target ≥ 3× the single-commit rate of (a).
 *     The same load without group commit is printed to show what the grouping buys.
 *
 * The disk's sync latency drifts a lot when other processes share it, so the four loads run
 * interleaved in small chunks (rotating which goes first) on files opened once, and each rate is
 * the total of its events over the total of its time: a slow stretch of the disk hits every side.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import { EVENTS_TABLE_DDL, applyConnectionPragmas } from '../../libs/event-store/src/sqlite/schema';
import type { NewEvent } from '../../libs/event-store/src/port';
import { formatPercent, formatRate, formatTimes } from './scenario';
import type { BenchOptions, BenchRow, BenchScenario } from './scenario';

const APPENDERS = 64;
/** The lone writer spreads its events over this many streams, appending at exact revisions. */
const STREAMS = 100;

interface Sizes {
  readonly chunks: number;
  /** Events per chunk of the sequential loads (raw and store). */
  readonly sequentialPerChunk: number;
  /** Appends per appender per chunk of the concurrent loads. */
  readonly concurrentPerChunk: number;
}

const FULL: Sizes = { chunks: 40, sequentialPerChunk: 100, concurrentPerChunk: 3 };
const QUICK: Sizes = { chunks: 8, sequentialPerChunk: 50, concurrentPerChunk: 2 };

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

/** The ceiling: the same rows, one INSERT per transaction, no checks, JSON serialized beforehand. */
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
      const rows = Array.from({ length: perChunk }, (_, i) => {
        const n = written + i;
        const event = benchEvent(n);
        return [`bench-${n % STREAMS}`, Math.floor(n / STREAMS), event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)] as const;
      });
      return timed(() => {
        for (const row of rows) {
          begin.run();
          insert.run(...row, new Date().toISOString());
          commit.run();
        }
        written += rows.length;
        return rows.length;
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

/** (b) 64 appenders, one stream each, every one awaiting its own appends. */
function storeConcurrentLoad(path: string, perChunk: number, groupCommit: boolean): Load & { store: SqliteEventStore } {
  const store = new SqliteEventStore({ path, durable: true, groupCommit });
  const revisions = new Array<number>(APPENDERS).fill(-1);
  return {
    store,
    async runChunk() {
      const events = revisions.map(() => Array.from({ length: perChunk }, (_, n) => benchEvent(n)));
      return timed(async () => {
        await Promise.all(
          events.map(async (mine, appender) => {
            for (const event of mine) {
              const last = revisions[appender]!;
              await store.append(`appender-${appender}`, [event], { expectedRevision: last === -1 ? 'no-stream' : last });
              revisions[appender] = last + 1;
            }
          }),
        );
        return APPENDERS * perChunk;
      });
    },
    close: () => store.close(),
  };
}

async function run(options: BenchOptions): Promise<BenchRow[]> {
  const sizes = options.quick ? QUICK : FULL;
  const file = (name: string): string => join(options.workDir, `${name}.db`);
  const grouped = storeConcurrentLoad(file('grouped'), sizes.concurrentPerChunk, true);
  const loads: Array<{ load: Load; tally: Tally }> = [
    { load: rawSequentialLoad(file('raw'), sizes.sequentialPerChunk), tally: new Tally() },
    { load: storeSequentialLoad(file('single'), sizes.sequentialPerChunk), tally: new Tally() },
    { load: grouped, tally: new Tally() },
    { load: storeConcurrentLoad(file('ungrouped'), sizes.concurrentPerChunk, false), tally: new Tally() },
  ];
  // Warm-up chunk, not counted: JIT, prepared statements, file creation.
  for (const { load } of loads) await load.runChunk();
  for (let chunk = 0; chunk < sizes.chunks; chunk += 1) {
    for (let i = 0; i < loads.length; i += 1) {
      const { load, tally } = loads[(chunk + i) % loads.length]!;
      tally.add(await load.runChunk());
    }
  }
  const { transactions, appends } = grouped.store.commitStats;
  for (const { load } of loads) await load.close();

  const [raw, single, groupedTally, ungrouped] = loads.map(({ tally }) => tally) as [Tally, Tally, Tally, Tally];
  const singleRatio = single.rate / raw.rate;
  const groupedRatio = groupedTally.rate / single.rate;
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
      scenario: `append: ${APPENDERS} concurrent appenders, group commit (durable; ${(appends / transactions).toFixed(1)} appends/commit)`,
      result: formatRate(groupedTally.rate),
      ceiling: `${formatRate(single.rate)} single`,
      ratio: formatTimes(groupedRatio),
      target: '≥ 3×',
      met: groupedRatio >= 3,
    },
    {
      scenario: `append: ${APPENDERS} concurrent appenders, group commit off (durable)`,
      result: formatRate(ungrouped.rate),
      ceiling: `${formatRate(single.rate)} single`,
      ratio: formatTimes(ungrouped.rate / single.rate),
      target: '',
      met: null,
    },
  ];
}

export const appendScenario: BenchScenario = { name: 'append', run };
