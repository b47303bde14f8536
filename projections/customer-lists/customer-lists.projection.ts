import type {
  CustomerEvent,
  CustomerRegistered,
  CustomerRelationshipRemoved,
  DelegatedAdminPrivilegesGranted,
  DelegatedAdminPrivilegesRevoked,
  RelationshipAccepted,
  RelationshipDeclined,
  RelationshipRequested,
  ResellerRelationshipEstablished,
} from '@ledger/customers';
import type { Projection } from '../runner/projection';
import { occurredAt } from '../shared/events';
import { prepareReplace } from '../shared/statements';

export const CUSTOMER_LISTS_PROJECTION = 'customer-lists';

type Table = 'customers' | 'customer_relationships' | 'customer_requests' | 'customer_request_partners';

/**
 * Read model `customer-lists` (domain §4.3, §5): who may transact for which customer.
 *
 * - `customers`: every registered customer (name, domain, country, cloud).
 * - `customer_relationships`: one row per partner–customer pair that ever had a reseller relationship:
 *   `status` active or removed, `since` = when the current (or last) relationship was established,
 *   and `delegated_admin` = the partner holds an active DAP grant on the customer right now (it
 *   survives the relationship's removal: that is a retained grant).
 *   A partner's customer list = its `active` rows. A customer's partners = its `active` rows.
 * - `customer_requests` (+ `customer_request_partners`, one row per partner named by an open request,
 *   deleted when the request closes): relationship requests, `open` until accepted or declined.
 */
export const customerListsProjection: Projection<Table> = {
  name: CUSTOMER_LISTS_PROJECTION,
  // 2: customer_relationships carries the customer's company name (the lists read no second table);
  // customer_request_partners keeps open requests only.
  version: 2,
  tables: ['customers', 'customer_relationships', 'customer_requests', 'customer_request_partners'],
  eventTypes: [
    'CustomerRegistered',
    'RelationshipRequested',
    'RelationshipAccepted',
    'RelationshipDeclined',
    'ResellerRelationshipEstablished',
    'CustomerRelationshipRemoved',
    'DelegatedAdminPrivilegesGranted',
    'DelegatedAdminPrivilegesRevoked',
  ] satisfies CustomerEvent['type'][],

  createSchema(db, t) {
    db.exec(`
      CREATE TABLE "${t.customers}" (
        customer_id TEXT PRIMARY KEY,
        company_name TEXT NOT NULL,
        domain TEXT NOT NULL,
        country TEXT NOT NULL,
        cloud TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        registered_by_partner_id TEXT
      ) WITHOUT ROWID;
      CREATE TABLE "${t.customer_relationships}" (
        partner_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        company_name TEXT NOT NULL,
        status TEXT NOT NULL,
        since TEXT,
        removed_at TEXT,
        request_id TEXT,
        delegated_admin INTEGER NOT NULL DEFAULT 0,
        dap_granted_at TEXT,
        PRIMARY KEY (partner_id, customer_id)
      ) WITHOUT ROWID;
      CREATE TABLE "${t.customer_requests}" (
        request_id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        partners TEXT NOT NULL,
        delegated_admin_for TEXT NOT NULL,
        indirect_provider_id TEXT,
        status TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        closed_at TEXT,
        position INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE "${t.customer_request_partners}" (
        partner_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        PRIMARY KEY (partner_id, position, request_id)
      ) WITHOUT ROWID;
    `);
  },

  createIndexes(db, t) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS "${t.customer_relationships}_by_customer" ON "${t.customer_relationships}" (customer_id, partner_id);
      CREATE INDEX IF NOT EXISTS "${t.customer_requests}_by_customer" ON "${t.customer_requests}" (customer_id, status, position);
    `);
  },

  writer(db, t) {
    const register = prepareReplace(
      db,
      t.customers,
      ['customer_id', 'company_name', 'domain', 'country', 'cloud', 'registered_at', 'registered_by_partner_id'],
      ['?', '?', '?', '?', '?', '?', '?'],
    );
    const request = prepareReplace(
      db,
      t.customer_requests,
      ['request_id', 'customer_id', 'partners', 'delegated_admin_for', 'indirect_provider_id', 'status', 'requested_at', 'position'],
      ['?', '?', '?', '?', '?', "'open'", '?', '?'],
    );
    const requestPartner = db.prepare(`INSERT OR IGNORE INTO "${t.customer_request_partners}" (partner_id, position, request_id) VALUES (?, ?, ?)`);
    const closeRequest = db.prepare(`UPDATE "${t.customer_requests}" SET status = ?, closed_at = ? WHERE request_id = ? RETURNING partners, position`);
    const forgetRequestPartner = db.prepare(`DELETE FROM "${t.customer_request_partners}" WHERE partner_id = ? AND position = ? AND request_id = ?`);
    // A partner's open requests are read from customer_request_partners: a closed request leaves it,
    // so a busy partner's list does not walk every request it ever had to find the few still open.
    const close = (status: 'accepted' | 'declined', at: string, requestId: string): void => {
      const closed = closeRequest.get(status, at, requestId) as { partners: string; position: number } | undefined;
      if (!closed) return;
      for (const partnerId of JSON.parse(closed.partners) as string[]) forgetRequestPartner.run(partnerId, closed.position, requestId);
    };
    // A customer's name never changes (only CustomerRegistered, the first event of its stream, has
    // it), so each relationship row copies it once: the lists then read one table, not two.
    const companyName = `(SELECT company_name FROM "${t.customers}" WHERE customer_id = @customerId)`;
    const establish = db.prepare(
      `INSERT INTO "${t.customer_relationships}" (partner_id, customer_id, company_name, status, since, request_id) VALUES (@partnerId, @customerId, ${companyName}, 'active', @since, @requestId)
       ON CONFLICT (partner_id, customer_id) DO UPDATE SET status = 'active', since = excluded.since, removed_at = NULL, request_id = excluded.request_id`,
    );
    const remove = db.prepare(`UPDATE "${t.customer_relationships}" SET status = 'removed', removed_at = ? WHERE partner_id = ? AND customer_id = ?`);
    const grant = db.prepare(
      `INSERT INTO "${t.customer_relationships}" (partner_id, customer_id, company_name, status, delegated_admin, dap_granted_at) VALUES (@partnerId, @customerId, ${companyName}, 'none', 1, @grantedAt)
       ON CONFLICT (partner_id, customer_id) DO UPDATE SET delegated_admin = 1, dap_granted_at = excluded.dap_granted_at`,
    );
    const revoke = db.prepare(`UPDATE "${t.customer_relationships}" SET delegated_admin = 0, dap_granted_at = NULL WHERE partner_id = ? AND customer_id = ?`);

    return {
      apply(event) {
        switch (event.type as CustomerEvent['type']) {
          case 'CustomerRegistered': {
            const data = event.data as CustomerRegistered['data'];
            register.run(data.customerId, data.companyName, data.domain, data.country, data.cloud, occurredAt(event), data.registeredByPartnerId ?? null);
            return;
          }
          case 'RelationshipRequested': {
            const data = event.data as RelationshipRequested['data'];
            request.run(
              data.requestId,
              data.customerId,
              JSON.stringify(data.partners),
              JSON.stringify(data.delegatedAdminFor),
              data.indirectProviderId ?? null,
              occurredAt(event),
              event.position,
            );
            for (const partnerId of data.partners) requestPartner.run(partnerId, event.position, data.requestId);
            return;
          }
          case 'RelationshipAccepted':
            close('accepted', occurredAt(event), (event.data as RelationshipAccepted['data']).requestId);
            return;
          case 'RelationshipDeclined':
            close('declined', occurredAt(event), (event.data as RelationshipDeclined['data']).requestId);
            return;
          case 'ResellerRelationshipEstablished': {
            const data = event.data as ResellerRelationshipEstablished['data'];
            establish.run({ partnerId: data.partnerId, customerId: data.customerId, since: occurredAt(event), requestId: data.requestId });
            return;
          }
          case 'CustomerRelationshipRemoved': {
            const data = event.data as CustomerRelationshipRemoved['data'];
            remove.run(occurredAt(event), data.partnerId, data.customerId);
            return;
          }
          case 'DelegatedAdminPrivilegesGranted': {
            const data = event.data as DelegatedAdminPrivilegesGranted['data'];
            grant.run({ partnerId: data.partnerId, customerId: data.customerId, grantedAt: occurredAt(event) });
            return;
          }
          case 'DelegatedAdminPrivilegesRevoked': {
            const data = event.data as DelegatedAdminPrivilegesRevoked['data'];
            revoke.run(data.partnerId, data.customerId);
            return;
          }
          default:
            return;
        }
      },
    };
  },
};
