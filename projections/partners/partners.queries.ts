import type { Cloud, PartnerRole, PartnerType } from '@ledger/kernel';
import type { ReadModelDb } from '../runner/projection';
import { type Page, type PageRequest, decodeCursor, pageLimit, toPage } from '../shared/paging';
import { statement } from '../shared/statements';

export type PartnerStatus = 'pending' | 'approved' | 'rejected';

export interface PartnerUserView {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly roles: PartnerRole[];
}

/** A partner's profile (api.md `GET /v1/partners/{partnerId}`, without `users`). */
export interface PartnerSummaryView {
  readonly partnerId: string;
  readonly partnerType: PartnerType;
  readonly cloud: Cloud;
  readonly status: PartnerStatus;
  readonly primaryContactVerified: boolean;
  readonly mpnId: string;
  readonly legalProfile: { readonly name: string; readonly address: string; readonly country: string };
  readonly tenantCountry: string;
  readonly enrolledAt: string;
  /** When the program approved or rejected the enrollment. */
  readonly reviewedAt: string | null;
}

/** `GET /v1/partners/{partnerId}`. */
export interface PartnerView extends PartnerSummaryView {
  readonly users: PartnerUserView[];
}

interface PartnerRow {
  partner_id: string;
  partner_type: PartnerType;
  cloud: Cloud;
  status: PartnerStatus;
  primary_contact_verified: number;
  mpn_id: string;
  tenant_country: string;
  legal_name: string;
  legal_address: string;
  legal_country: string;
  enrolled_at: string;
  reviewed_at: string | null;
}

interface UserRow {
  user_id: string;
  name: string;
  email: string;
  roles: string;
}

const PARTNER_COLUMNS = `partner_id, partner_type, cloud, status, primary_contact_verified, mpn_id, tenant_country,
  legal_name, legal_address, legal_country, enrolled_at, reviewed_at`;

function toSummary(row: PartnerRow): PartnerSummaryView {
  return {
    partnerId: row.partner_id,
    partnerType: row.partner_type,
    cloud: row.cloud,
    status: row.status,
    primaryContactVerified: row.primary_contact_verified === 1,
    mpnId: row.mpn_id,
    legalProfile: { name: row.legal_name, address: row.legal_address, country: row.legal_country },
    tenantCountry: row.tenant_country,
    enrolledAt: row.enrolled_at,
    reviewedAt: row.reviewed_at,
  };
}

/** One partner with its current users (sorted by user id), or null when no such partner enrolled. */
export function getPartner(db: ReadModelDb, partnerId: string): PartnerView | null {
  const row = statement(db, `SELECT ${PARTNER_COLUMNS} FROM partners WHERE partner_id = ?`).get(partnerId) as PartnerRow | undefined;
  if (!row) return null;
  const users = statement(db, 'SELECT user_id, name, email, roles FROM partner_users WHERE partner_id = ? ORDER BY user_id').all(partnerId) as UserRow[];
  return {
    ...toSummary(row),
    users: users.map((user) => ({ userId: user.user_id, name: user.name, email: user.email, roles: JSON.parse(user.roles) as PartnerRole[] })),
  };
}

/** One current user of a partner, or null (never recorded, or removed). */
export function getPartnerUser(db: ReadModelDb, partnerId: string, userId: string): PartnerUserView | null {
  const row = statement(db, 'SELECT user_id, name, email, roles FROM partner_users WHERE partner_id = ? AND user_id = ?').get(partnerId, userId) as
    | UserRow
    | undefined;
  return row ? { userId: row.user_id, name: row.name, email: row.email, roles: JSON.parse(row.roles) as PartnerRole[] } : null;
}

export interface PartnerFilter extends PageRequest {
  readonly type?: PartnerType;
  readonly status?: PartnerStatus;
  readonly cloud?: Cloud;
}

/** `GET /v1/partners?type=&status=&cloud=`: partner profiles (without users), by partner id. */
export function listPartners(db: ReadModelDb, filter: PartnerFilter = {}): Page<PartnerSummaryView> {
  const limit = pageLimit(filter.limit);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.type) {
    where.push('partner_type = ?');
    params.push(filter.type);
  }
  if (filter.status) {
    where.push('status = ?');
    params.push(filter.status);
  }
  if (filter.cloud) {
    where.push('cloud = ?');
    params.push(filter.cloud);
  }
  if (filter.cursor) {
    const [after] = decodeCursor<[string]>(filter.cursor, ['string']);
    where.push('partner_id > ?');
    params.push(after);
  }
  const sql = `SELECT ${PARTNER_COLUMNS} FROM partners ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY partner_id LIMIT ?`;
  const rows = statement(db, sql).all(...params, limit + 1) as PartnerRow[];
  return toPage(rows, limit, (row) => [row.partner_id], toSummary);
}
