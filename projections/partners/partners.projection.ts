import type {
  PartnerEnrollmentSubmitted,
  PartnerEvent,
  PartnerUserAdded,
  PartnerUserRemoved,
  PartnerUserRolesChanged,
} from '@ledger/partners';
import type { Projection } from '../runner/projection';
import { occurredAt } from '../shared/events';
import { prepareReplace } from '../shared/statements';

export const PARTNERS_PROJECTION = 'partners';

type Table = 'partners' | 'partner_users';

/**
 * Read model `partners` (domain §5): each partner's profile, type, cloud, enrollment status, whether
 * the primary contact is verified, and its current users with their recorded roles.
 *
 * - `partners`: one row per enrolled partner.
 * - `partner_users`: one row per current user; a removed user's row is deleted.
 */
export const partnersProjection: Projection<Table> = {
  name: PARTNERS_PROJECTION,
  version: 1,
  tables: ['partners', 'partner_users'],
  eventTypes: [
    'PartnerEnrollmentSubmitted',
    'PrimaryContactEmailVerified',
    'PartnerEnrollmentApproved',
    'PartnerEnrollmentRejected',
    'PartnerUserAdded',
    'PartnerUserRolesChanged',
    'PartnerUserRemoved',
  ] satisfies PartnerEvent['type'][],

  createSchema(db, t) {
    db.exec(`
      CREATE TABLE "${t.partners}" (
        partner_id TEXT PRIMARY KEY,
        partner_type TEXT NOT NULL,
        cloud TEXT NOT NULL,
        status TEXT NOT NULL,
        primary_contact_verified INTEGER NOT NULL,
        mpn_id TEXT NOT NULL,
        tenant_country TEXT NOT NULL,
        legal_name TEXT NOT NULL,
        legal_address TEXT NOT NULL,
        legal_country TEXT NOT NULL,
        primary_contact TEXT NOT NULL,
        support_contact TEXT NOT NULL,
        enrolled_at TEXT NOT NULL,
        reviewed_at TEXT,
        review_reason TEXT
      ) WITHOUT ROWID;
      CREATE TABLE "${t.partner_users}" (
        partner_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        roles TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (partner_id, user_id)
      ) WITHOUT ROWID;
    `);
  },

  createIndexes(db, t) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS "${t.partners}_by_status" ON "${t.partners}" (status, partner_id);
      CREATE INDEX IF NOT EXISTS "${t.partners}_by_type" ON "${t.partners}" (partner_type, partner_id);
      CREATE INDEX IF NOT EXISTS "${t.partners}_by_cloud" ON "${t.partners}" (cloud, partner_id);
    `);
  },

  writer(db, t) {
    const enroll = prepareReplace(
      db,
      t.partners,
      ['partner_id', 'partner_type', 'cloud', 'status', 'primary_contact_verified', 'mpn_id', 'tenant_country', 'legal_name', 'legal_address', 'legal_country', 'primary_contact', 'support_contact', 'enrolled_at'],
      ['?', '?', '?', "'pending'", '0', '?', '?', '?', '?', '?', '?', '?', '?'],
    );
    const verify = db.prepare(`UPDATE "${t.partners}" SET primary_contact_verified = 1 WHERE partner_id = ?`);
    const review = db.prepare(`UPDATE "${t.partners}" SET status = ?, reviewed_at = ?, review_reason = ? WHERE partner_id = ?`);
    const addUser = prepareReplace(
      db,
      t.partner_users,
      ['partner_id', 'user_id', 'name', 'email', 'roles', 'added_at'],
      ['?', '?', '?', '?', '?', '?'],
    );
    const changeRoles = db.prepare(`UPDATE "${t.partner_users}" SET roles = ? WHERE partner_id = ? AND user_id = ?`);
    const removeUser = db.prepare(`DELETE FROM "${t.partner_users}" WHERE partner_id = ? AND user_id = ?`);

    return {
      apply(event) {
        const type = event.type as PartnerEvent['type'];
        switch (type) {
          case 'PartnerEnrollmentSubmitted': {
            const data = event.data as PartnerEnrollmentSubmitted['data'];
            enroll.run(
              data.partnerId,
              data.partnerType,
              data.cloud,
              data.mpnId,
              data.tenantCountry,
              data.legalProfile.name,
              data.legalProfile.address,
              data.legalProfile.country,
              JSON.stringify(data.primaryContact),
              JSON.stringify(data.supportContact),
              occurredAt(event),
            );
            return;
          }
          case 'PrimaryContactEmailVerified':
            verify.run((event.data as { partnerId: string }).partnerId);
            return;
          case 'PartnerEnrollmentApproved':
          case 'PartnerEnrollmentRejected': {
            const data = event.data as { partnerId: string; reason?: string };
            review.run(type === 'PartnerEnrollmentApproved' ? 'approved' : 'rejected', occurredAt(event), data.reason ?? null, data.partnerId);
            return;
          }
          case 'PartnerUserAdded': {
            const data = event.data as PartnerUserAdded['data'];
            addUser.run(data.partnerId, data.userId, data.name, data.email, JSON.stringify(data.roles), occurredAt(event));
            return;
          }
          case 'PartnerUserRolesChanged': {
            const data = event.data as PartnerUserRolesChanged['data'];
            changeRoles.run(JSON.stringify(data.roles), data.partnerId, data.userId);
            return;
          }
          case 'PartnerUserRemoved': {
            const data = event.data as PartnerUserRemoved['data'];
            removeUser.run(data.partnerId, data.userId);
            return;
          }
          default:
            // Other streams' events do not concern this read model.
            return;
        }
      },
    };
  },
};
