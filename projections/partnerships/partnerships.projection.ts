import type { PartnerEnrollmentSubmitted } from '@ledger/partners';
import type {
  IndirectProviderAuthorized,
  PartnershipEnded,
  PartnershipEvent,
  ProviderTenantAdminAccessRemoved,
  ResellerInvited,
} from '@ledger/partnerships';
import type { Projection } from '../runner/projection';
import { occurredAt } from '../shared/events';
import { prepareReplace } from '../shared/statements';

export const PARTNERSHIPS_PROJECTION = 'partnerships';

type Table = 'partnerships' | 'partnership_invitations' | 'partnership_partner_names';

/**
 * Read model `partnerships` (domain §4.2, §5): indirect provider ↔ indirect reseller links.
 *
 * - `partnerships`: one row per provider–reseller pair that was ever authorized; `status` active or
 *   ended; `since` = when the current (or last) partnership was authorized; `tenant_admin_access`
 *   = the provider still holds `reseller-tenant-admin`. A pair invited again after ending is re-used.
 * - `partnership_invitations`: every invitation, open until the reseller authorizes it.
 * - `partnership_partner_names`: partner display names (legal name), kept here so the lists can show
 *   names without depending on another projection's progress.
 */
export const partnershipsProjection: Projection<Table> = {
  name: PARTNERSHIPS_PROJECTION,
  version: 1,
  tables: ['partnerships', 'partnership_invitations', 'partnership_partner_names'],
  eventTypes: [
    'PartnerEnrollmentSubmitted',
    'ResellerInvited',
    'IndirectProviderAuthorized',
    'ProviderTenantAdminAccessRemoved',
    'PartnershipEnded',
  ] satisfies (PartnershipEvent['type'] | 'PartnerEnrollmentSubmitted')[],

  createSchema(db, t) {
    db.exec(`
      CREATE TABLE "${t.partnerships}" (
        provider_id TEXT NOT NULL,
        reseller_id TEXT NOT NULL,
        status TEXT NOT NULL,
        since TEXT NOT NULL,
        ended_at TEXT,
        ended_by TEXT,
        tenant_admin_access INTEGER NOT NULL,
        invitation_id TEXT NOT NULL,
        PRIMARY KEY (provider_id, reseller_id)
      ) WITHOUT ROWID;
      CREATE TABLE "${t.partnership_invitations}" (
        invitation_id TEXT PRIMARY KEY,
        provider_id TEXT NOT NULL,
        reseller_id TEXT NOT NULL,
        status TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        accepted_at TEXT,
        message TEXT,
        position INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE "${t.partnership_partner_names}" (
        partner_id TEXT PRIMARY KEY,
        name TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },

  createIndexes(db, t) {
    db.exec(`
      CREATE UNIQUE INDEX IF NOT EXISTS "${t.partnerships}_by_reseller" ON "${t.partnerships}" (reseller_id, provider_id);
      CREATE INDEX IF NOT EXISTS "${t.partnership_invitations}_by_provider" ON "${t.partnership_invitations}" (provider_id, position);
      CREATE INDEX IF NOT EXISTS "${t.partnership_invitations}_by_reseller" ON "${t.partnership_invitations}" (reseller_id, position);
    `);
  },

  writer(db, t) {
    const rememberName = prepareReplace(db, t.partnership_partner_names, ['partner_id', 'name'], ['?', '?']);
    const invite = prepareReplace(
      db,
      t.partnership_invitations,
      ['invitation_id', 'provider_id', 'reseller_id', 'status', 'sent_at', 'message', 'position'],
      ['?', '?', '?', "'open'", '?', '?', '?'],
    );
    const acceptInvitation = db.prepare(`UPDATE "${t.partnership_invitations}" SET status = 'accepted', accepted_at = ? WHERE invitation_id = ?`);
    const authorize = db.prepare(
      `INSERT INTO "${t.partnerships}" (provider_id, reseller_id, status, since, tenant_admin_access, invitation_id)
       VALUES (?, ?, 'active', ?, ?, ?)
       ON CONFLICT (provider_id, reseller_id) DO UPDATE SET status = 'active', since = excluded.since, ended_at = NULL,
         ended_by = NULL, tenant_admin_access = excluded.tenant_admin_access, invitation_id = excluded.invitation_id`,
    );
    const removeAdminAccess = db.prepare(`UPDATE "${t.partnerships}" SET tenant_admin_access = 0 WHERE provider_id = ? AND reseller_id = ?`);
    const end = db.prepare(`UPDATE "${t.partnerships}" SET status = 'ended', ended_at = ?, ended_by = ? WHERE provider_id = ? AND reseller_id = ?`);

    return {
      apply(event) {
        switch (event.type as PartnershipEvent['type'] | 'PartnerEnrollmentSubmitted') {
          case 'PartnerEnrollmentSubmitted': {
            const data = event.data as PartnerEnrollmentSubmitted['data'];
            rememberName.run(data.partnerId, data.legalProfile.name);
            return;
          }
          case 'ResellerInvited': {
            const data = event.data as ResellerInvited['data'];
            invite.run(data.invitationId, data.providerId, data.resellerId, occurredAt(event), data.message ?? null, event.position);
            return;
          }
          case 'IndirectProviderAuthorized': {
            const data = event.data as IndirectProviderAuthorized['data'];
            const at = occurredAt(event);
            acceptInvitation.run(at, data.invitationId);
            authorize.run(data.providerId, data.resellerId, at, data.grants.includes('reseller-tenant-admin') ? 1 : 0, data.invitationId);
            return;
          }
          case 'ProviderTenantAdminAccessRemoved': {
            const data = event.data as ProviderTenantAdminAccessRemoved['data'];
            removeAdminAccess.run(data.providerId, data.resellerId);
            return;
          }
          case 'PartnershipEnded': {
            const data = event.data as PartnershipEnded['data'];
            end.run(occurredAt(event), data.endedBy, data.providerId, data.resellerId);
            return;
          }
          default:
            return;
        }
      },
    };
  },
};
