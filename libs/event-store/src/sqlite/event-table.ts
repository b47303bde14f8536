import type Database from 'better-sqlite3';
import type { AllFilter, Position, RecordedEvent } from '../port';
import type { SerializedEvent } from '../append-validation';

/** Where an event id is already stored. */
export interface StoredPlace {
  readonly streamId: string;
  readonly revision: number;
  readonly position: Position;
}

/** A page of the global log and how far it looked, so filtered readers can skip non-matching stretches. */
export interface LogPage {
  readonly events: RecordedEvent[];
  /** Every matching event up to this position is in `events` (or was in an earlier page). */
  readonly scannedUpTo: Position;
}

/** A row of the `events` table (schema.ts) as better-sqlite3 returns it. */
export interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

const COLUMNS = 'position, stream_id, revision, id, type, data, metadata, recorded_at';

/** SQLite reads a negative LIMIT as "no limit". */
const NO_LIMIT = -1;

/**
 * Synchronous access to the `events` table through prepared statements. It knows SQL, not the
 * rules: expected revisions, idempotency and batching live in the store.
 */
export class EventTable {
  private readonly insertStatement: Database.Statement;
  private readonly lastRevisionStatement: Database.Statement;
  private readonly placeOfIdStatement: Database.Statement;
  private readonly headStatement: Database.Statement;
  private readonly forwardsStatement: Database.Statement;
  private readonly backwardsStatement: Database.Statement;
  /** Without LIMIT: what whole-stream and tail reads (no maxCount, most reads) use; `LIMIT -1` cost ≈ 8 µs more per read. */
  private readonly forwardsUnlimitedStatement: Database.Statement;
  private readonly backwardsUnlimitedStatement: Database.Statement;
  /** readAll statements by filter shape ("types:prefixes" counts), prepared on first use. */
  private readonly logStatements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.insertStatement = db.prepare(
      'INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.lastRevisionStatement = db.prepare('SELECT MAX(revision) FROM events WHERE stream_id = ?').pluck();
    this.placeOfIdStatement = db.prepare('SELECT stream_id AS streamId, revision, position FROM events WHERE id = ?');
    this.headStatement = db.prepare('SELECT MAX(position) FROM events').pluck();
    this.forwardsStatement = db.prepare(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
    );
    this.backwardsStatement = db.prepare(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    );
    this.forwardsUnlimitedStatement = db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC`);
    this.backwardsUnlimitedStatement = db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC`);
  }

  /** Revision of the stream's last event, or -1 when the stream does not exist. */
  lastRevision(streamId: string): number {
    const revision = this.lastRevisionStatement.get(streamId) as number | null;
    return revision ?? -1;
  }

  placeOf(eventId: string): StoredPlace | undefined {
    return this.placeOfIdStatement.get(eventId) as StoredPlace | undefined;
  }

  /** Inserts one event and returns its global position. */
  insert(streamId: string, revision: number, event: SerializedEvent, recordedAt: string): Position {
    const result = this.insertStatement.run(streamId, revision, event.id, event.type, event.data, event.metadata, recordedAt);
    return Number(result.lastInsertRowid);
  }

  head(): Position {
    const position = this.headStatement.get() as number | null;
    return position ?? 0;
  }

  readStream(streamId: string, direction: 'forwards' | 'backwards', fromRevision: number | undefined, maxCount: number | undefined): RecordedEvent[] {
    let rows: unknown[];
    if (direction === 'forwards') {
      rows =
        maxCount === undefined
          ? this.forwardsUnlimitedStatement.all(streamId, fromRevision ?? 0)
          : this.forwardsStatement.all(streamId, fromRevision ?? 0, maxCount);
    } else {
      const from = fromRevision ?? Number.MAX_SAFE_INTEGER;
      rows = maxCount === undefined ? this.backwardsUnlimitedStatement.all(streamId, from) : this.backwardsStatement.all(streamId, from, maxCount);
    }
    return (rows as EventRow[]).map(toRecordedEvent);
  }

  /**
   * Reads matching events with `after < position <= upTo`, in log order, at most `maxCount`.
   * Bounding by `upTo` lets a caller say "I have seen everything up to here" even when the filter
   * matched nothing, without racing a writer in another process.
   */
  readLog(after: Position, upTo: Position, maxCount: number | undefined, filter: AllFilter | undefined): LogPage {
    const types = filter?.eventTypes ?? [];
    const prefixes = filter?.streamPrefixes ?? [];
    const statement = this.logStatement(types.length, prefixes.length);
    const limit = maxCount ?? NO_LIMIT;
    const prefixParameters = prefixes.flatMap((prefix) => [prefix, prefix]);
    const rows = statement.all(after, upTo, ...types, ...prefixParameters, limit) as EventRow[];
    const events = rows.map(toRecordedEvent);
    const complete = maxCount === undefined || events.length < maxCount;
    return { events, scannedUpTo: complete ? upTo : (events[events.length - 1]?.position ?? after) };
  }

  private logStatement(typeCount: number, prefixCount: number): Database.Statement {
    const key = `${typeCount}:${prefixCount}`;
    let statement = this.logStatements.get(key);
    if (!statement) {
      const conditions = ['position > ?', 'position <= ?'];
      if (typeCount > 0) conditions.push(`type IN (${new Array(typeCount).fill('?').join(', ')})`);
      if (prefixCount > 0) {
        // substr, not LIKE: LIKE is case-insensitive and treats `_` as a wildcard.
        const one = 'substr(stream_id, 1, length(?)) = ?';
        conditions.push(`(${new Array(prefixCount).fill(one).join(' OR ')})`);
      }
      statement = this.db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY position ASC LIMIT ?`,
      );
      this.logStatements.set(key, statement);
    }
    return statement;
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    recordedAt: row.recorded_at,
  };
}
