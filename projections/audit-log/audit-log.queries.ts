import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { Actor } from '@ledger/kernel';
import type { EventsAtReader } from '../runner/log-source';
import type { ReadModelDb } from '../runner/projection';
import { normaliseTime } from '../shared/events';
import { InvalidQueryError, type Page, type PageRequest, decodeCursor, pageLimit, toPage } from '../shared/paging';
import { statement } from '../shared/statements';

/** An item of `GET /v1/audit/events` (and of any per-stream history served from the audit log). */
export interface AuditEventView {
  readonly position: number;
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly data: unknown;
  /** Who did it (metadata.actor), null if the event carries none. */
  readonly actor: Actor | null;
  readonly metadata: Record<string, unknown>;
  readonly occurredAt: string;
  readonly correlationId: string | null;
}

export interface AuditFilter extends PageRequest {
  /** Events whose data names this partner (as partner, provider, reseller, partner of record…). */
  readonly partnerId?: string;
  /** Events whose data names this customer. */
  readonly customerId?: string;
  readonly actorUserId?: string;
  /** One event type, or several. */
  readonly type?: string | readonly string[];
  /** Not indexed (not an api.md filter): combine it with a selective filter on large logs. */
  readonly correlationId?: string;
  /** ISO 8601 times, both inclusive, compared with the event's occurredAt. */
  readonly from?: string;
  readonly to?: string;
}

/**
 * Where the audit log reads the events' bodies: the event log as the read side sees it (through
 * the ledger's upcasters, so bodies come in their current shape — what the projections saw). Any
 * EventStore works (positions identify events on every store; on EventStoreDB the commit position,
 * distinct per event); on the embedded store, `sqliteEventReader` reads a page's bodies in one query.
 */
export type AuditLogReader = Pick<EventStore, 'readAll'> | Pick<EventsAtReader, 'eventsAt'>;

/** The audit log names an event the log does not hold (an older copy of the log beside newer read models). */
export class AuditLogAheadError extends Error {
  override readonly name = 'AuditLogAheadError';
  constructor(readonly position: number) {
    super(`The audit log names position ${position}, which the event log does not hold: the read models are ahead of the log; rebuild them.`);
  }
}

interface AuditRow {
  position: number;
  correlation_id: string | null;
  occurred_at: string;
}

function toView(row: AuditRow, event: RecordedEvent): AuditEventView {
  const metadata = event.metadata as Record<string, unknown>;
  const actor = typeof metadata['actor'] === 'object' && metadata['actor'] !== null ? (metadata['actor'] as Actor) : null;
  return {
    position: row.position,
    eventId: event.id,
    type: event.type,
    streamId: event.streamId,
    data: event.data,
    actor,
    metadata,
    occurredAt: row.occurred_at,
    correlationId: row.correlation_id,
  };
}

/**
 * Gaps of fewer than this many events between a page's rows are read through rather than sought:
 * reading a few unwanted events costs less than another read.
 */
const READ_THROUGH_GAP = 8;

/**
 * The events of a page's rows, read from the log by position: in one query from an EventsAtReader,
 * else through the port (see portReads). Throws AuditLogAheadError when the log does not hold what
 * a row names.
 */
async function readEvents(db: ReadModelDb, log: AuditLogReader, rows: readonly AuditRow[]): Promise<RecordedEvent[]> {
  const found = 'eventsAt' in log ? log.eventsAt(rows.map((row) => row.position)) : await readThroughPort(db, log, rows);
  const byPosition = new Map<number, RecordedEvent>();
  for (const event of found) byPosition.set(event.position, event);
  return rows.map(({ position }) => {
    const event = byPosition.get(position);
    if (!event) throw new AuditLogAheadError(position);
    return event;
  });
}

async function readThroughPort(db: ReadModelDb, log: Pick<EventStore, 'readAll'>, rows: readonly AuditRow[]): Promise<RecordedEvent[]> {
  const previous = statement(db, 'SELECT position FROM audit_events WHERE position < ? ORDER BY position DESC LIMIT 1').pluck();
  const count = statement(db, 'SELECT COUNT(*) FROM audit_events WHERE position BETWEEN ? AND ?').pluck();
  // Stops counting past the gap that decides: with a selective filter a page's rows lie far apart.
  const countNear = statement(db, 'SELECT COUNT(*) FROM (SELECT 1 FROM audit_events WHERE position BETWEEN ? AND ? LIMIT ?)').pluck();
  const reads = portReads(
    rows.map((row) => row.position),
    {
      previous: (position) => (previous.get(position) as number | undefined) ?? null,
      countBetween: (first, last) => count.get(first, last) as number,
      nearby: (first, last) => (countNear.get(first, last, READ_THROUGH_GAP + 2) as number) - 2 < READ_THROUGH_GAP,
    },
  );
  const read = await Promise.all(reads.map((options) => log.readAll(options)));
  return read.flat();
}

/** What the audit log knows of the log's positions: it holds a row for every event up to its checkpoint. */
export interface AuditPositions {
  /** The position of the event before `position` (the audit log's previous row), null if none. */
  previous(position: number): number | null;
  /** How many events lie from `first` to `last`, both included (the audit log's rows between them). */
  countBetween(first: number, last: number): number;
  /** Whether fewer than READ_THROUGH_GAP (8) events lie strictly between `first` and `last`. */
  nearby(first: number, last: number): boolean;
}

/**
 * The `readAll` calls that fetch the events at `positions` (ascending) through the port: one per
 * stretch of nearby positions (an unfiltered page is one stretch), each read after the event just
 * before the stretch and as many events as lie in it. Positions need not be dense — on EventStoreDB
 * they are offsets in its transaction log, and it reads `$all` only from an event's own position
 * (a position inside a record is an error) — so both come from the audit log, which has a row for
 * every event, not from arithmetic on positions.
 */
export function portReads(positions: readonly number[], audit: AuditPositions): { after: number; maxCount: number }[] {
  const stretches: { first: number; last: number }[] = [];
  for (const position of positions) {
    const stretch = stretches[stretches.length - 1];
    if (stretch && audit.nearby(stretch.last, position)) stretch.last = position;
    else stretches.push({ first: position, last: position });
  }
  return stretches.map(({ first, last }) => ({ after: audit.previous(first) ?? 0, maxCount: audit.countBetween(first, last) }));
}

/** A time range with at most this many events is read from the time index and sorted by position. */
const SORTED_TIME_RANGE_MAX = 10_000;

function time(field: 'from' | 'to', value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const normalised = normaliseTime(value);
  if (!normalised) throw new InvalidQueryError(field, `${field} must be an ISO 8601 time.`);
  return normalised;
}

/**
 * Every event matching the filters, in log order. With a partner or customer filter the query walks
 * that party's index in position order, so a page costs the same however long the log is. The
 * page's bodies are read from `log` (see AuditLogReader).
 */
export async function listAuditEvents(db: ReadModelDb, log: AuditLogReader, filter: AuditFilter = {}): Promise<Page<AuditEventView>> {
  const limit = pageLimit(filter.limit);
  const after = filter.cursor ? decodeCursor<[number]>(filter.cursor, ['number'])[0] : 0;
  const from = time('from', filter.from);
  const to = time('to', filter.to);
  const joins: string[] = [];
  const where: string[] = [];
  const params: (string | number)[] = [];

  // Drive the scan from the most selective ordered index: a party's positions, else the events table.
  const parties: [string, string][] = [];
  if (filter.partnerId !== undefined) parties.push(['partner', filter.partnerId]);
  if (filter.customerId !== undefined) parties.push(['customer', filter.customerId]);
  let source = 'audit_events e';
  let positionColumn = 'e.position';
  if (parties.length > 0) {
    source = 'audit_event_parties p0 CROSS JOIN audit_events e ON e.position = p0.position';
    positionColumn = 'p0.position';
    where.push('p0.kind = ? AND p0.party_id = ?');
    params.push(...parties[0]!);
    if (parties[1]) {
      joins.push('JOIN audit_event_parties p1 ON p1.kind = ? AND p1.party_id = ? AND p1.position = p0.position');
    }
  }
  const joinParams = parties[1] ? [...parties[1]] : [];
  const afterClause = where.length;
  where.push(`${positionColumn} > ?`);
  const afterParameter = params.length;
  params.push(after);
  if (filter.actorUserId !== undefined) {
    where.push('e.actor_user_id = ?');
    params.push(filter.actorUserId);
  }
  if (filter.type !== undefined) {
    const types = typeof filter.type === 'string' ? [filter.type] : [...filter.type];
    if (types.length > 0) {
      where.push(`e.type IN (${types.map(() => '?').join(', ')})`);
      params.push(...types);
    }
  }
  if (filter.correlationId !== undefined) {
    where.push('e.correlation_id = ?');
    params.push(filter.correlationId);
  }
  if (from !== undefined) {
    where.push('e.occurred_at >= ?');
    params.push(from);
  }
  if (to !== undefined) {
    where.push('e.occurred_at <= ?');
    params.push(to);
  }
  const selective = parties.length > 0 || filter.actorUserId !== undefined || filter.type !== undefined;
  if (!selective && (from !== undefined || to !== undefined)) {
    // Only a time range. The (occurred_at, position) index gives the range's size and its first and
    // last positions in one pass. A small range is read from the index and sorted by position; a
    // large one is walked in log order between its first and last positions (times are nearly, not
    // strictly, in log order, hence the exact time filter on every row as well).
    const bounds = statement(
      db,
      `SELECT MIN(position) AS first, MAX(position) AS last, COUNT(*) AS count FROM audit_events WHERE occurred_at >= ? AND occurred_at <= ?`,
    ).get(from ?? '0000-01-01T00:00:00.000Z', to ?? '9999-12-31T23:59:59.999Z') as { first: number | null; last: number | null; count: number };
    if (bounds.first === null || bounds.last === null) return { items: [], nextCursor: null };
    if (bounds.count <= SORTED_TIME_RANGE_MAX) {
      // `+` keeps SQLite from walking the log in position order: it reads the time index instead.
      where[afterClause] = '+e.position > ?';
    } else {
      source = 'audit_events e NOT INDEXED';
      // One lower bound, the tighter one: given two, SQLite may seek on the looser (the cursor's, 0
      // on the first page) and walk the log from its start.
      params[afterParameter] = Math.max(after, bounds.first - 1);
      where.push('e.position <= ?');
      params.push(bounds.last);
    }
  }
  const sql = `SELECT e.position, e.correlation_id, e.occurred_at
    FROM ${source} ${joins.join(' ')} WHERE ${where.join(' AND ')} ORDER BY ${positionColumn} LIMIT ?`;
  const rows = statement(db, sql).all(...joinParams, ...params, limit + 1) as AuditRow[];
  // The extra row toPage drops is not read from the log.
  const page = toPage(rows, limit, (row) => [row.position], (row) => row);
  const events = await readEvents(db, log, page.items);
  return { items: page.items.map((row, i) => toView(row, events[i]!)), nextCursor: page.nextCursor };
}
