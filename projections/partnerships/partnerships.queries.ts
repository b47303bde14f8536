import type { ReadModelDb } from '../runner/projection';
import { type Page, type PageRequest, decodeCursor, pageLimit, toPage } from '../shared/paging';
import { statement } from '../shared/statements';

export type PartnershipStatus = 'active' | 'ended';

/** An item of `GET /v1/partners/{resellerId}/indirect-providers`. */
export interface IndirectProviderView {
  readonly providerId: string;
  /** The provider's legal name, null if its enrollment is unknown to this read model. */
  readonly name: string | null;
  readonly status: PartnershipStatus;
  readonly since: string;
  readonly endedAt: string | null;
  readonly tenantAdminAccess: boolean;
}

/** An item of `GET /v1/partners/{providerId}/indirect-resellers`. */
export interface IndirectResellerView {
  readonly resellerId: string;
  readonly name: string | null;
  readonly status: PartnershipStatus;
  readonly since: string;
  readonly endedAt: string | null;
  readonly tenantAdminAccess: boolean;
}

export type InvitationStatus = 'open' | 'accepted';

/** An item of `GET /v1/partners/{partnerId}/partnership-invitations`. */
export interface PartnershipInvitationView {
  readonly invitationId: string;
  readonly providerId: string;
  readonly resellerId: string;
  readonly status: InvitationStatus;
  readonly sentAt: string;
  readonly acceptedAt: string | null;
}

export interface PartnershipFilter extends PageRequest {
  readonly status?: PartnershipStatus;
}

interface PartnershipRow {
  other_id: string;
  name: string | null;
  status: PartnershipStatus;
  since: string;
  ended_at: string | null;
  tenant_admin_access: number;
}

function listPartnerships(db: ReadModelDb, side: 'provider' | 'reseller', partnerId: string, filter: PartnershipFilter): Page<PartnershipRow> {
  const limit = pageLimit(filter.limit);
  const own = side === 'reseller' ? 'reseller_id' : 'provider_id';
  const other = side === 'reseller' ? 'provider_id' : 'reseller_id';
  const after = filter.cursor ? decodeCursor<[string]>(filter.cursor, ['string'])[0] : '';
  const rows = statement(
    db,
    `SELECT p.${other} AS other_id, n.name, p.status, p.since, p.ended_at, p.tenant_admin_access
     FROM partnerships p LEFT JOIN partnership_partner_names n ON n.partner_id = p.${other}
     WHERE p.${own} = ? AND p.${other} > ? AND (? IS NULL OR p.status = ?)
     ORDER BY p.${other} LIMIT ?`,
  ).all(partnerId, after, filter.status ?? null, filter.status ?? null, limit + 1) as PartnershipRow[];
  return toPage(rows, limit, (row) => [row.other_id], (row) => row);
}

/** The reseller's indirect providers, active and ended, by provider id. */
export function listIndirectProviders(db: ReadModelDb, resellerId: string, filter: PartnershipFilter = {}): Page<IndirectProviderView> {
  const page = listPartnerships(db, 'reseller', resellerId, filter);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((row) => ({
      providerId: row.other_id,
      name: row.name,
      status: row.status,
      since: row.since,
      endedAt: row.ended_at,
      tenantAdminAccess: row.tenant_admin_access === 1,
    })),
  };
}

/** The provider's indirect resellers, active and ended, by reseller id. */
export function listIndirectResellers(db: ReadModelDb, providerId: string, filter: PartnershipFilter = {}): Page<IndirectResellerView> {
  const page = listPartnerships(db, 'provider', providerId, filter);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((row) => ({
      resellerId: row.other_id,
      name: row.name,
      status: row.status,
      since: row.since,
      endedAt: row.ended_at,
      tenantAdminAccess: row.tenant_admin_access === 1,
    })),
  };
}

export interface InvitationFilter extends PageRequest {
  readonly status?: InvitationStatus;
}

interface InvitationRow {
  invitation_id: string;
  provider_id: string;
  reseller_id: string;
  status: InvitationStatus;
  sent_at: string;
  accepted_at: string | null;
  position: number;
}

/** Invitations the partner sent (as provider) or received (as reseller), oldest first. */
export function listPartnershipInvitations(db: ReadModelDb, partnerId: string, filter: InvitationFilter = {}): Page<PartnershipInvitationView> {
  const limit = pageLimit(filter.limit);
  const after = filter.cursor ? decodeCursor<[number]>(filter.cursor, ['number'])[0] : 0;
  const status = filter.status ?? null;
  const columns = 'invitation_id, provider_id, reseller_id, status, sent_at, accepted_at, position';
  const rows = statement(
    db,
    `SELECT * FROM (
       SELECT ${columns} FROM partnership_invitations WHERE provider_id = ? AND position > ? AND (? IS NULL OR status = ?)
       UNION ALL
       SELECT ${columns} FROM partnership_invitations WHERE reseller_id = ? AND provider_id <> reseller_id AND position > ? AND (? IS NULL OR status = ?)
     ) ORDER BY position LIMIT ?`,
  ).all(partnerId, after, status, status, partnerId, after, status, status, limit + 1) as InvitationRow[];
  return toPage(
    rows,
    limit,
    (row) => [row.position],
    (row) => ({
      invitationId: row.invitation_id,
      providerId: row.provider_id,
      resellerId: row.reseller_id,
      status: row.status,
      sentAt: row.sent_at,
      acceptedAt: row.accepted_at,
    }),
  );
}
