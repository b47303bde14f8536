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

interface GrantRow {
  grant_position: number;
  customer_id: string;
  partner_id: string;
  status: 'active' | 'revoked';
  granted_at: string;
  relationship_active: number;
  retained_since: string | null;
  revoked_at: string | null;
  revoked_by: 'customer' | 'partner' | null;
}

function toView(row: GrantRow): DapGrantView {
  const status: DapGrantStatus = row.status === 'revoked' ? 'revoked' : row.relationship_active === 1 ? 'active' : 'retained';
  return {
    customerId: row.customer_id,
    partnerId: row.partner_id,
    status,
    grantedAt: row.granted_at,
    ...(row.retained_since ? { retainedSince: row.retained_since } : {}),
    ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
    ...(row.revoked_by ? { revokedBy: row.revoked_by } : {}),
  };
}

/** DAP grants in the order they were granted, filtered by status, partner and customer. */
export function listDapGrants(db: ReadModelDb, filter: DapGrantFilter = {}): Page<DapGrantView> {
  const limit = pageLimit(filter.limit);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.status === 'revoked') where.push(`status = 'revoked'`);
  if (filter.status === 'active') where.push(`status = 'active'`);
  if (filter.status === 'retained') where.push(`status = 'active' AND relationship_active = 0`);
  if (filter.partnerId) {
    where.push('partner_id = ?');
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
  ).all(...params, limit + 1) as GrantRow[];
  return toPage(rows, limit, (row) => [row.grant_position], toView);
}
