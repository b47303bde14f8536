import type {
  CustomerEvent,
  CustomerRelationshipRemoved,
  DelegatedAdminPrivilegesGranted,
  DelegatedAdminPrivilegesRevoked,
  ResellerRelationshipEstablished,
} from '@ledger/customers';
import type { Projection } from '../runner/projection';
import { occurredAt } from '../shared/events';
import { prepareReplace } from '../shared/statements';

export const DAP_GRANTS_PROJECTION = 'dap-grants';

type Table = 'dap_grants' | 'dap_relationships';

/**
 * Read model `dap-grants` (domain §1, §5): every delegated-admin grant, and the compliance risk the
 * ledger exists to surface — **retained** grants, whose partner's reseller relationship was removed
 * while the admin access stayed.
 *
 * - `dap_grants`: one row per grant, keyed by the position of its `DelegatedAdminPrivilegesGranted`
 *   (a partner granted again after a revocation gets a new row; the revoked one stays as history).
 *   `status` active or revoked; `relationship_active` tells retained grants apart; `retained_since`
 *   = when the relationship was removed while the grant stayed active (kept after a revocation, as
 *   history; cleared if a relationship is established again).
 * - `dap_relationships`: the active reseller relationships, to know at grant time whether one exists.
 */
export const dapGrantsProjection: Projection<Table> = {
  name: DAP_GRANTS_PROJECTION,
  version: 2,
  tables: ['dap_grants', 'dap_relationships'],
  eventTypes: [
    'ResellerRelationshipEstablished',
    'CustomerRelationshipRemoved',
    'DelegatedAdminPrivilegesGranted',
    'DelegatedAdminPrivilegesRevoked',
  ] satisfies CustomerEvent['type'][],

  createSchema(db, t) {
    db.exec(`
      CREATE TABLE "${t.dap_grants}" (
        grant_position INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL,
        partner_id TEXT NOT NULL,
        request_id TEXT,
        status TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        relationship_active INTEGER NOT NULL,
        retained_since TEXT,
        revoked_at TEXT,
        revoked_by TEXT
      );
      CREATE INDEX "${t.dap_grants}_by_pair" ON "${t.dap_grants}" (customer_id, partner_id, status);
      CREATE TABLE "${t.dap_relationships}" (
        customer_id TEXT NOT NULL,
        partner_id TEXT NOT NULL,
        PRIMARY KEY (customer_id, partner_id)
      ) WITHOUT ROWID;
    `);
  },

  createIndexes(db, t) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS "${t.dap_grants}_by_partner" ON "${t.dap_grants}" (partner_id, grant_position);
      CREATE INDEX IF NOT EXISTS "${t.dap_grants}_by_partner_status" ON "${t.dap_grants}" (partner_id, status, relationship_active, grant_position);
      CREATE INDEX IF NOT EXISTS "${t.dap_grants}_by_status" ON "${t.dap_grants}" (status, relationship_active, grant_position);
      CREATE INDEX IF NOT EXISTS "${t.dap_grants}_by_status_position" ON "${t.dap_grants}" (status, grant_position);
    `);
  },

  writer(db, t) {
    const relationshipExists = db.prepare(`SELECT 1 FROM "${t.dap_relationships}" WHERE customer_id = ? AND partner_id = ?`).pluck();
    const addRelationship = db.prepare(`INSERT OR IGNORE INTO "${t.dap_relationships}" (customer_id, partner_id) VALUES (?, ?)`);
    const dropRelationship = db.prepare(`DELETE FROM "${t.dap_relationships}" WHERE customer_id = ? AND partner_id = ?`);
    const grant = prepareReplace(
      db,
      t.dap_grants,
      ['grant_position', 'customer_id', 'partner_id', 'request_id', 'status', 'granted_at', 'relationship_active'],
      ['?', '?', '?', '?', "'active'", '?', '?'],
    );
    const relationshipBack = db.prepare(
      `UPDATE "${t.dap_grants}" SET relationship_active = 1, retained_since = NULL WHERE customer_id = ? AND partner_id = ? AND status = 'active'`,
    );
    const retain = db.prepare(
      `UPDATE "${t.dap_grants}" SET relationship_active = 0, retained_since = ? WHERE customer_id = ? AND partner_id = ? AND status = 'active'`,
    );
    const revoke = db.prepare(
      `UPDATE "${t.dap_grants}" SET status = 'revoked', revoked_at = ?, revoked_by = ? WHERE customer_id = ? AND partner_id = ? AND status = 'active'`,
    );

    return {
      apply(event) {
        switch (event.type as CustomerEvent['type']) {
          case 'ResellerRelationshipEstablished': {
            const data = event.data as ResellerRelationshipEstablished['data'];
            addRelationship.run(data.customerId, data.partnerId);
            relationshipBack.run(data.customerId, data.partnerId);
            return;
          }
          case 'CustomerRelationshipRemoved': {
            const data = event.data as CustomerRelationshipRemoved['data'];
            dropRelationship.run(data.customerId, data.partnerId);
            retain.run(occurredAt(event), data.customerId, data.partnerId);
            return;
          }
          case 'DelegatedAdminPrivilegesGranted': {
            const data = event.data as DelegatedAdminPrivilegesGranted['data'];
            const active = relationshipExists.get(data.customerId, data.partnerId) === undefined ? 0 : 1;
            grant.run(event.position, data.customerId, data.partnerId, data.requestId, occurredAt(event), active);
            return;
          }
          case 'DelegatedAdminPrivilegesRevoked': {
            const data = event.data as DelegatedAdminPrivilegesRevoked['data'];
            revoke.run(occurredAt(event), data.revokedBy, data.customerId, data.partnerId);
            return;
          }
          default:
            return;
        }
      },
    };
  },
};
