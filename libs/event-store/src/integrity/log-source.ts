import Database from 'better-sqlite3';
import type { EventStore, Position, RecordedEvent } from '../port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';

/**
 * Where the verifier reads the log from. Two kinds: any EventStore through its port
 * (`eventStoreSource`), and an embedded store's SQLite file read directly and read-only
 * (`sqliteFileSource`), which sees exactly what is on disk, survives rows whose JSON was broken by
 * hand, and knows the file's position counter.
 */
export interface VerificationSource {
  /** Says what is being verified, for reports (a file path, "event store"). */
  readonly description: string;
  /** The log's extent when verification starts; the walk stops at `headPosition`. */
  snapshot(): Promise<LogSnapshot>;
  /** Entries with `after < position <= upTo`, in position order, at most `maxCount`. */
  readPage(after: Position, upTo: Position, maxCount: number): Promise<readonly LogEntry[]>;
}

export interface LogSnapshot {
  /** The last position of the log (0 when empty). */
  readonly headPosition: Position;
  /**
   * True when the store numbers positions 1, 2, 3… without gaps (the SQLite store), so a missing
   * number is a deleted row. EventStoreDB's commit positions have gaps by design.
   */
  readonly positionsContiguous: boolean;
  /**
   * The highest position the store ever handed out, when it keeps such a counter (SQLite's
   * AUTOINCREMENT sequence): above `headPosition` means the log's last rows were deleted.
   */
  readonly lastAssignedPosition: Position | null;
}

/** One row of the log: an event, or a row whose content cannot be read as an event. */
export type LogEntry =
  | { readonly readable: true; readonly event: RecordedEvent }
  | {
      readonly readable: false;
      readonly position: Position;
      readonly streamId: string | null;
      readonly revision: number | null;
      readonly reason: string;
    };

/** Reads through the EventStore port (what the API uses: whatever adapter it runs on). */
export function eventStoreSource(store: EventStore, description = 'event store'): VerificationSource {
  return {
    description,
    snapshot: async () => ({
      headPosition: await store.headPosition(),
      positionsContiguous: store instanceof SqliteEventStore,
      lastAssignedPosition: null,
    }),
    readPage: async (after, upTo, maxCount) => {
      const events = await store.readAll({ after, maxCount });
      return events.filter((event) => event.position <= upTo).map((event) => ({ readable: true as const, event }));
    },
  };
}

interface RawEventRow {
  position: unknown;
  stream_id: unknown;
  revision: unknown;
  id: unknown;
  type: unknown;
  data: unknown;
  metadata: unknown;
  recorded_at: unknown;
}

/** A read-only verification source on an embedded store's file; close it when done. */
export interface SqliteFileSource extends VerificationSource {
  close(): void;
}

/**
 * Opens an embedded store's file read-only (it must exist; nothing is created or changed, and a
 * running server keeps writing meanwhile: WAL lets one writer and many readers work at once).
 * Throws when the file is not a SQLite database or has no `events` table.
 */
export function sqliteFileSource(file: string, options: { busyTimeoutMs?: number } = {}): SqliteFileSource {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    const hasEvents = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").pluck().get();
    if (!hasEvents) throw new Error(`${file} is not an event store: it has no events table.`);
  } catch (error) {
    db.close();
    throw error;
  }
  // The AUTOINCREMENT counter lives in sqlite_sequence (absent from a copy made without AUTOINCREMENT).
  const hasCounter = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").pluck().get() !== undefined;
  // One statement, hence one read transaction: the head and the counter belong to the same moment.
  const snapshotStatement = db.prepare(
    hasCounter
      ? "SELECT (SELECT MAX(position) FROM events) AS head, (SELECT seq FROM sqlite_sequence WHERE name = 'events') AS seq"
      : 'SELECT MAX(position) AS head, NULL AS seq FROM events',
  );
  const pageStatement = db.prepare(
    'SELECT position, stream_id, revision, id, type, data, metadata, recorded_at FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?',
  );
  return {
    description: file,
    snapshot: async () => {
      const row = snapshotStatement.get() as { head: number | null; seq: number | null };
      return { headPosition: row.head ?? 0, positionsContiguous: true, lastAssignedPosition: hasCounter ? (row.seq ?? 0) : null };
    },
    readPage: async (after, upTo, maxCount) => (pageStatement.all(after, upTo, maxCount) as RawEventRow[]).map(toLogEntry),
    close: () => db.close(),
  };
}

function toLogEntry(row: RawEventRow): LogEntry {
  const position = Number(row.position);
  const streamId = typeof row.stream_id === 'string' ? row.stream_id : null;
  const revision = typeof row.revision === 'number' && Number.isInteger(row.revision) ? row.revision : null;
  const unreadable = (reason: string): LogEntry => ({ readable: false, position, streamId, revision, reason });
  if (streamId === null) return unreadable('stream_id is not text');
  if (revision === null || revision < 0) return unreadable('revision is not a non-negative integer');
  if (typeof row.type !== 'string') return unreadable('type is not text');
  if (typeof row.id !== 'string') return unreadable('id is not text');
  const data = parseJson(row.data);
  if (!data.ok) return unreadable(`data is not JSON text (${data.reason})`);
  const metadata = parseJson(row.metadata);
  if (!metadata.ok) return unreadable(`metadata is not JSON text (${metadata.reason})`);
  if (typeof metadata.value !== 'object' || metadata.value === null || Array.isArray(metadata.value)) {
    return unreadable('metadata is not a JSON object');
  }
  return {
    readable: true,
    event: {
      id: row.id,
      streamId,
      revision,
      position,
      type: row.type,
      data: data.value,
      metadata: metadata.value as Record<string, unknown>,
      recordedAt: typeof row.recorded_at === 'string' ? row.recorded_at : String(row.recorded_at),
    },
  };
}

function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof text !== 'string') return { ok: false, reason: `a ${text === null ? 'NULL' : typeof text} value` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
