import Database from 'better-sqlite3';
import type { EventStore, Position, RecordedEvent } from '@ledger/event-store';
import type { UpcasterRegistry } from '../../libs/event-store/src/upcasting';

/** One page of the log as a rebuild reads it. */
export interface LogPage {
  /** Events after the page's start, in log order (only of the asked types, when types were given). */
  readonly events: readonly RecordedEvent[];
  /** Every asked-for event up to this position is in this page or an earlier one. */
  readonly scannedUpTo: Position;
  /** Log events this page stands for, skipped ones included (for progress and rates). */
  readonly covered: number;
}

/**
 * Where a rebuild reads the log. The default reads through the EventStore port; the SQLite store's
 * file can be read faster directly (see `sqliteLogSource`).
 */
export interface RebuildLogSource {
  /**
   * Up to `maxCount` events with a position above `after`, in log order; with `types`, only events
   * of those types (a source may return others too: the runner filters again).
   */
  readPage(after: Position, maxCount: number, types: readonly string[] | null): Promise<LogPage>;
  /**
   * The same, synchronously, when the source can (a local file): the runner then applies several
   * small pages in one transaction (see ProjectionRunner's rebuild), which neither a page's worth of
   * events kept alive across awaits nor a commit per page has to pay for.
   */
  readonly readPageSync?: (after: Position, maxCount: number, types: readonly string[] | null) => LogPage;
  close(): void;
}

/** Reads through the EventStore port: works on any store, parses every event it returns. */
export function storeLogSource(store: EventStore): RebuildLogSource {
  return {
    async readPage(after, maxCount, types) {
      // The head first: if fewer than maxCount events come back, everything up to it was read.
      const head = await store.headPosition();
      const events = await store.readAll({ after, maxCount, ...(types ? { filter: { eventTypes: types } } : {}) });
      const last = events[events.length - 1]?.position ?? after;
      const scannedUpTo = events.length < maxCount ? Math.max(head, last) : last;
      return { events, scannedUpTo, covered: types ? Math.max(0, scannedUpTo - after) : events.length };
    },
    close() {},
  };
}

/** Rows per page when a type filter skips most of the log: bounds the time one page takes. */
const SCAN_WINDOW_PAGES = 50;

/**
 * Reads the SQLite event store's file directly, on its own read-only connection, for rebuilds:
 * rows come as arrays (fewer allocations than the store's objects), a type filter runs inside
 * SQLite (a projection that handles 5 % of the events never sees the other 95 %), and `data` and
 * `metadata` are parsed only when a projection reads them, once for all projections (see
 * StoredEvent). Events are upcast with `upcasters`, exactly as `withUpcasting` does, so
 * projections see the same shapes as through the upcasting store.
 *
 * Relies on the store's table layout (libs/event-store/src/sqlite/schema.ts: `events` with
 * `position, stream_id, revision, id, type, data, metadata, recorded_at`, positions dense and
 * increasing), so it lives beside the runner rather than behind the port.
 */
export function sqliteLogSource(options: { readonly path: string; readonly upcasters?: UpcasterRegistry }): RebuildLogSource {
  const db = new Database(options.path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const head = db.prepare('SELECT MAX(position) FROM events').pluck();
  const statements = new Map<number, Database.Statement>();
  const pageStatement = (typeCount: number): Database.Statement => {
    let statement = statements.get(typeCount);
    if (!statement) {
      const types = typeCount > 0 ? ` AND type IN (${new Array(typeCount).fill('?').join(', ')})` : '';
      statement = db
        .prepare(`SELECT position, stream_id, revision, id, type, data, metadata, recorded_at FROM events WHERE position > ? AND position <= ?${types} ORDER BY position LIMIT ?`)
        .raw(true);
      statements.set(typeCount, statement);
    }
    return statement;
  };
  const upcasters = options.upcasters;
  const readPageSync = (after: Position, maxCount: number, types: readonly string[] | null): LogPage => {
    const last = (head.get() as number | null) ?? 0;
    const upTo = types ? Math.min(last, after + maxCount * SCAN_WINDOW_PAGES) : last;
    const rows = pageStatement(types?.length ?? 0).all(after, upTo, ...(types ?? []), maxCount) as StoredRow[];
    const events = rows.map((row) => new StoredEvent(row, upcasters));
    const scannedUpTo = rows.length < maxCount ? upTo : rows[rows.length - 1]![0];
    return { events, scannedUpTo: Math.max(after, scannedUpTo), covered: Math.max(0, scannedUpTo - after) };
  };
  return {
    readPageSync,
    async readPage(after, maxCount, types) {
      return readPageSync(after, maxCount, types);
    },
    close() {
      db.close();
    },
  };
}

/** Reads given events of the log in one call (see `sqliteEventReader`). */
export interface EventsAtReader {
  /** The events at these positions that the log holds, in log order. */
  eventsAt(positions: readonly Position[]): RecordedEvent[];
  close(): void;
}

/**
 * Reads events of the SQLite event store's file by position, in ONE query on its own read-only
 * connection (opened on first use), upcast exactly as `withUpcasting` does. The audit log reads a
 * page's bodies this way on the embedded store: through the port, a page naming scattered
 * positions takes one read per event.
 */
export function sqliteEventReader(options: { readonly path: string; readonly upcasters?: UpcasterRegistry }): EventsAtReader {
  let db: Database.Database | null = null;
  let statement: Database.Statement | null = null;
  return {
    eventsAt(positions) {
      if (positions.length === 0) return [];
      if (!statement) {
        db = new Database(options.path, { readonly: true, fileMustExist: true });
        db.pragma('busy_timeout = 5000');
        statement = db
          .prepare(
            'SELECT position, stream_id, revision, id, type, data, metadata, recorded_at FROM events WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position',
          )
          .raw(true);
      }
      const rows = statement.all(JSON.stringify(positions)) as StoredRow[];
      return rows.map((row) => new StoredEvent(row, options.upcasters));
    },
    close() {
      db?.close();
      db = null;
      statement = null;
    },
  };
}

/** position, stream_id, revision, id, type, data (JSON), metadata (JSON), recorded_at */
type StoredRow = [number, string, number, string, string, string, string, string];

const NOT_PARSED: unique symbol = Symbol('not parsed');

/**
 * An event read from the file: its JSON is parsed on first access and kept, so projections that
 * skip it cost nothing and the others share one parse. Upcast like `withUpcasting` (the data in
 * its current shape, `metadata.schemaVersion` the current version) when an upcaster applies.
 * `data` and `metadata` are getters: copy an event field by field, not with `{ ...event }`.
 */
export class StoredEvent implements RecordedEvent {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly recordedAt: string;
  private readonly dataText: string;
  private readonly metadataText: string;
  private parsedData: unknown = NOT_PARSED;
  private parsedMetadata: Readonly<Record<string, unknown>> | typeof NOT_PARSED = NOT_PARSED;
  /** Undefined until known: whether an upcaster changed this event (its stored JSON is then not its shape). */
  private upcast: boolean | undefined;

  constructor(
    row: StoredRow,
    private readonly upcasters: UpcasterRegistry | undefined,
  ) {
    [this.position, this.streamId, this.revision, this.id, this.type, this.dataText, this.metadataText, this.recordedAt] = row;
    // Types without upcasters are never upcast: no need to look at the metadata to know.
    if (!upcasters || upcasters.currentVersionOf(this.type) === 1) this.upcast = false;
  }

  get data(): unknown {
    if (this.upcast === undefined) this.resolveUpcast();
    if (this.parsedData === NOT_PARSED) this.parsedData = JSON.parse(this.dataText) as unknown;
    return this.parsedData;
  }

  get metadata(): Readonly<Record<string, unknown>> {
    if (this.parsedMetadata === NOT_PARSED) this.parsedMetadata = JSON.parse(this.metadataText) as Record<string, unknown>;
    if (this.upcast === undefined) this.resolveUpcast();
    return this.parsedMetadata as Readonly<Record<string, unknown>>;
  }

  /**
   * `metadata.occurredAt` without parsing the metadata when it was not parsed yet: most projections
   * need only this field of it, and parsing the whole envelope of every event for it cost a tenth
   * of a single-projection rebuild (mostly in garbage collection). The value is read from the
   * text when it appears there plainly as a top-level key (as JSON.stringify writes it); anything
   * else falls back to the parsed metadata. Upcasting never changes it.
   */
  get occurredAtField(): unknown {
    if (this.parsedMetadata === NOT_PARSED) {
      const text = this.metadataText;
      let at = text.indexOf(OCCURRED_AT_KEY);
      while (at !== -1) {
        if (depthAt(text, at) === 1) {
          const start = at + OCCURRED_AT_KEY.length;
          const end = text.indexOf('"', start);
          const value = end === -1 ? '' : text.slice(start, end);
          if (end !== -1 && !value.includes('\\')) return value;
          break;
        }
        at = text.indexOf(OCCURRED_AT_KEY, at + 1);
      }
    }
    return this.metadata['occurredAt'];
  }

  private resolveUpcast(): void {
    const metadata = (this.parsedMetadata === NOT_PARSED ? JSON.parse(this.metadataText) : this.parsedMetadata) as Record<string, unknown>;
    const stored: RecordedEvent = {
      id: this.id,
      streamId: this.streamId,
      revision: this.revision,
      position: this.position,
      type: this.type,
      data: this.parsedData === NOT_PARSED ? (JSON.parse(this.dataText) as unknown) : this.parsedData,
      metadata,
      recordedAt: this.recordedAt,
    };
    const current = this.upcasters!.upcast(stored);
    this.upcast = current !== stored;
    this.parsedData = current.data;
    this.parsedMetadata = current.metadata;
  }
}

const OCCURRED_AT_KEY = '"occurredAt":"';

/** How deeply nested (in objects and arrays) position `index` of a JSON text is; strings are skipped. */
function depthAt(text: string, index: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < index; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92 /* \\ */) i += 1;
      else if (code === 34 /* " */) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 /* { */ || code === 91 /* [ */) depth += 1;
    else if (code === 125 /* } */ || code === 93 /* ] */) depth -= 1;
  }
  return depth;
}

/** `metadata.occurredAt` of any event, cheaply for events read by `sqliteLogSource`. */
export function occurredAtFieldOf(event: RecordedEvent): unknown {
  return event instanceof StoredEvent ? event.occurredAtField : event.metadata['occurredAt'];
}
