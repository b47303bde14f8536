import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { EventRow } from '@ledger/event-store';

/*
 * The API's event log (`<dataDir>/events.db`) seen from the test process, read-only: the suites
 * check what was really appended — by whom (correlation id), how often, where — without going
 * through the API they are testing. WAL lets this connection read while the API writes; opening it
 * read-only guarantees the test itself can never add or repair anything.
 */

/** An event as stored, with its metadata parsed. */
export interface LoggedEvent {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  /** The raw JSON of `data`, for comparing facts exactly. */
  readonly dataJson: string;
  readonly metadata: {
    readonly commandId?: string;
    readonly correlationId?: string;
    readonly causationId?: string;
    readonly actor?: { readonly kind?: string; readonly tenantId?: string; readonly userId?: string };
    readonly [key: string]: unknown;
  };
}

/** The columns read here: a stored row without its `recorded_at`. */
type Row = Omit<EventRow, 'recorded_at'>;

export class EventLogReader {
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
  }

  /** Opens `<dataDir>/events.db` (the API must have started once, so the file exists). */
  static ofDataDir(dataDir: string): EventLogReader {
    return new EventLogReader(path.join(dataDir, 'events.db'));
  }

  /** The last position of the log; 0 when empty. */
  head(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(position), 0) AS head FROM events').get() as { head: number }).head;
  }

  /** Every event after `position` (exclusive), in log order. */
  after(position = 0): LoggedEvent[] {
    return (this.db.prepare('SELECT position, stream_id, revision, id, type, data, metadata FROM events WHERE position > ? ORDER BY position').all(position) as Row[]).map(
      toEvent,
    );
  }

  /** The event at a position, if any. */
  at(position: number): LoggedEvent | undefined {
    const row = this.db.prepare('SELECT position, stream_id, revision, id, type, data, metadata FROM events WHERE position = ?').get(position) as Row | undefined;
    return row ? toEvent(row) : undefined;
  }

  /** Events whose metadata carries this correlation id (the X-Correlation-Id of one request), in log order. */
  byCorrelationId(correlationId: string): LoggedEvent[] {
    return (
      this.db
        .prepare(
          "SELECT position, stream_id, revision, id, type, data, metadata FROM events WHERE json_extract(metadata, '$.correlationId') = ? ORDER BY position",
        )
        .all(correlationId) as Row[]
    ).map(toEvent);
  }

  /** One stream's events in revision order. */
  stream(streamId: string): LoggedEvent[] {
    return (
      this.db.prepare('SELECT position, stream_id, revision, id, type, data, metadata FROM events WHERE stream_id = ? ORDER BY revision').all(streamId) as Row[]
    ).map(toEvent);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toEvent(row: Row): LoggedEvent {
  return {
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    dataJson: row.data,
    metadata: JSON.parse(row.metadata) as LoggedEvent['metadata'],
  };
}
