import type { Projection, ReadModelDb } from '../runner/projection';
import { occurredAt } from '../shared/events';

export const AUDIT_LOG_PROJECTION = 'audit-log';

type Table = 'audit_events' | 'audit_event_parties';

/** Data fields that name a partner, in any event type (single ids or lists of ids). */
export const PARTNER_FIELDS = [
  'partnerId',
  'providerId',
  'resellerId',
  'partners',
  'delegatedAdminFor',
  'indirectProviderId',
  'partnerOfRecord',
  'toPartnerId',
  'fromPartnerId',
  'previousManagerId',
  'registeredByPartnerId',
] as const;

/** Data fields that name a customer. */
export const CUSTOMER_FIELDS = ['customerId'] as const;

export type PartyKind = 'partner' | 'customer';

/** The partners and customers an event's data names (api.md: audit filters match "events whose data names them"). */
export function partiesNamedBy(data: unknown): { partner: Set<string>; customer: Set<string> } {
  const parties = { partner: new Set<string>(), customer: new Set<string>() };
  if (typeof data !== 'object' || data === null) return parties;
  const record = data as Record<string, unknown>;
  const collect = (into: Set<string>, value: unknown): void => {
    if (typeof value === 'string') into.add(value);
    else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') into.add(item);
  };
  for (const field of PARTNER_FIELDS) collect(parties.partner, record[field]);
  for (const field of CUSTOMER_FIELDS) collect(parties.customer, record[field]);
  return parties;
}

/**
 * Read model `audit-log` (domain §5, §6): every event of the log, whatever its stream, with who did
 * it (the actor), when (occurredAt), and its correlation, indexed for the filters of
 * `GET /v1/audit/events`: partner, customer, actor user, event type and time range.
 *
 * - `audit_events`: one row per event, keyed by log position, with the columns the filters use.
 *   Not the event's body: the log already holds it, and the query reads the page's events from the
 *   log by position (listAuditEvents). Copying every body made the audit log a second copy of the
 *   log (≈ 1.5 GB for 1M events) and its rebuild the slowest by far.
 * - `audit_event_parties`: (kind, id, position) for each partner and customer the event's data names.
 *
 * Every filter index is built after a rebuild has loaded the rows (createIndexes): appending rows
 * in log order and sorting each index once is what makes a rebuild of a large log fast.
 */
export const auditLogProjection: Projection<Table> = {
  name: AUDIT_LOG_PROJECTION,
  // 2, 3: bodies are no longer copied (read from the log by position).
  version: 3,
  tables: ['audit_events', 'audit_event_parties'],

  createSchema(db, t) {
    db.exec(`
      CREATE TABLE "${t.audit_events}" (
        position INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        actor_user_id TEXT,
        correlation_id TEXT,
        occurred_at TEXT NOT NULL
      );
      CREATE TABLE "${t.audit_event_parties}" (
        kind TEXT NOT NULL,
        party_id TEXT NOT NULL,
        position INTEGER NOT NULL
      );
    `);
  },

  createIndexes(db, t) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS "${t.audit_events}_by_type" ON "${t.audit_events}" (type, position);
      CREATE INDEX IF NOT EXISTS "${t.audit_events}_by_actor" ON "${t.audit_events}" (actor_user_id, position);
      CREATE INDEX IF NOT EXISTS "${t.audit_events}_by_time" ON "${t.audit_events}" (occurred_at, position);
      CREATE UNIQUE INDEX IF NOT EXISTS "${t.audit_event_parties}_by_party" ON "${t.audit_event_parties}" (kind, party_id, position);
    `);
  },

  writer(db, t) {
    // Plain inserts (a position is applied once: the runner skips events at or below the
    // checkpoint), kept back and written ROWS_PER_INSERT at a time: one statement per row cost
    // about twice as much per row, and the audit log writes ≈ 3 rows per event.
    const events = batchedInsert(db, t.audit_events, ['position', 'type', 'actor_user_id', 'correlation_id', 'occurred_at']);
    const parties = batchedInsert(db, t.audit_event_parties, ['kind', 'party_id', 'position']);

    return {
      apply(event) {
        const metadata = event.metadata;
        const actor = metadata['actor'];
        const userId = typeof actor === 'object' && actor !== null ? (actor as Record<string, unknown>)['userId'] : undefined;
        const correlationId = metadata['correlationId'];
        events.add(
          event.position,
          event.type,
          typeof userId === 'string' ? userId : null,
          typeof correlationId === 'string' ? correlationId : null,
          occurredAt(event),
        );
        const named = partiesNamedBy(event.data);
        for (const partnerId of named.partner) parties.add('partner', partnerId, event.position);
        for (const customerId of named.customer) parties.add('customer', customerId, event.position);
      },
      flush() {
        events.flush();
        parties.flush();
      },
    };
  },
};

/** Rows per multi-row INSERT. */
const ROWS_PER_INSERT = 64;

/** Keeps rows back and inserts them ROWS_PER_INSERT at a time; `flush` writes the rest. */
function batchedInsert(db: ReadModelDb, table: string, columns: readonly string[]): { add(...values: (string | number | null)[]): void; flush(): void } {
  const row = `(${columns.map(() => '?').join(', ')})`;
  const into = `INSERT INTO "${table}" (${columns.join(', ')}) VALUES `;
  const many = db.prepare(into + new Array(ROWS_PER_INSERT).fill(row).join(', '));
  const one = db.prepare(into + row);
  const width = columns.length;
  let values: (string | number | null)[] = [];
  return {
    add(...row) {
      for (const value of row) values.push(value);
      if (values.length === width * ROWS_PER_INSERT) {
        many.run(values);
        values = [];
      }
    },
    flush() {
      for (let at = 0; at < values.length; at += width) one.run(values.slice(at, at + width));
      values = [];
    },
  };
}
