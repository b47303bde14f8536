import type { ReadModelDb } from '../runner/projection';
import { type Page, type PageRequest, decodeCursor, pageLimit, toPage } from '../shared/paging';
import { statement } from '../shared/statements';

/**
 * - `active`: the partner may administer the customer's tenant (relationship active or not);
 * - `retained`: active, but the partner's reseller relationship was removed;
 * - `revoked`: ended by the customer or given up by the partner.
 */
export type DapGrantStatus = 'active' | 'retained' | 'revoked';

/** An item of `GET /v1/dap-grants`. */
export interface DapGrantView {
  readonly customerId: string;
  readonly partnerId: string;
  /** `retained` for an active grant whose relationship is gone, else `active` or `revoked`. */
  readonly status: DapGrantStatus;
  readonly grantedAt: string;
  /** When the relationship was removed while the grant stayed active (present on retained grants, and on revoked ones that were retained). */
  readonly retainedSince?: string;
  readonly revokedAt?: string;
  readonly revokedBy?: 'customer' | 'partner';
}

export interface DapGrantFilter extends PageRequest {
  /** `active` includes retained grants (api.md). */
  readonly status?: DapGrantStatus;
  readonly partnerId?: string;
  readonly customerId?: string;
}

/** A row as the list reads it, in this column order (raw rows: no object per row). */
type GrantRow = [
  grant_position: number,
  customer_id: string,
  partner_id: string,
  status: 'active' | 'revoked',
  granted_at: string,
  relationship_active: number,
  retained_since: string | null,
  revoked_at: string | null,
  revoked_by: 'customer' | 'partner' | null,
];

function toView([, customerId, partnerId, stored, grantedAt, relationshipActive, retainedSince, revokedAt, revokedBy]: GrantRow): DapGrantView {
  const status: DapGrantStatus = stored === 'revoked' ? 'revoked' : relationshipActive === 1 ? 'active' : 'retained';
  return {
    customerId,
    partnerId,
    status,
    grantedAt,
    ...(retainedSince ? { retainedSince } : {}),
    ...(revokedAt ? { revokedAt } : {}),
    ...(revokedBy ? { revokedBy } : {}),
  };
}

/**
 * DAP grants in the order they were granted, filtered by status, partner and customer.
 *
 * Every filter is a range read of one index in grant order (or, for a customer, a sort of its few
 * grants), never a walk over other partners' or customers' grants. The read model has no planner
 * statistics, so SQLite would pick by the number of equality terms and walk, e.g., every active
 * grant for one customer's (28 ms at 1M events), or every retained grant of every partner for one
 * partner's (2.7 ms): the terms that must not choose the index are written `+column`, which keeps
 * their meaning and only takes them out of index selection.
 *
 * - a customer: `_by_pair` (customer_id, …), its grants sorted — a customer has one per partner and grant;
 * - a partner, retained: `_by_partner_status` (partner_id, status, relationship_active, grant_position);
 * - a partner, otherwise: `_by_partner` (partner_id, grant_position), status checked per row;
 * - retained: `_by_status` (status, relationship_active, grant_position);
 * - active or revoked: `_by_status_position` (status, grant_position);
 * - everything: the table itself, by grant_position.
 */
export function listDapGrants(db: ReadModelDb, filter: DapGrantFilter = {}): Page<DapGrantView> {
  const limit = pageLimit(filter.limit);
  const leading = filter.customerId ? 'customer' : filter.partnerId ? 'partner' : 'status';
  const statusLeads = leading === 'status' || (leading === 'partner' && filter.status === 'retained');
  const term = (sql: string, choosesIndex: boolean): string => (choosesIndex ? sql : `+${sql}`);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.status === 'revoked') where.push(term(`status = 'revoked'`, statusLeads));
  if (filter.status === 'active') where.push(term(`status = 'active'`, statusLeads));
  if (filter.status === 'retained') where.push(term(`status = 'active'`, statusLeads), term('relationship_active = 0', statusLeads));
  if (filter.partnerId) {
    where.push(term('partner_id = ?', leading === 'partner'));
    params.push(filter.partnerId);
  }
  if (filter.customerId) {
    where.push('customer_id = ?');
    params.push(filter.customerId);
  }
  if (filter.cursor) {
    where.push('grant_position > ?');
    params.push(decodeCursor<[number]>(filter.cursor, ['number'])[0]);
  }
  const rows = statement(
    db,
    `SELECT grant_position, customer_id, partner_id, status, granted_at, relationship_active, retained_since, revoked_at, revoked_by
     FROM dap_grants ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY grant_position LIMIT ?`,
  )
    .raw(true)
    .all(...params, limit + 1) as GrantRow[];
  return toPage(rows, limit, (row) => [row[0]], toView);
}
