import type {
  SubscriptionCancelled,
  SubscriptionEvent,
  SubscriptionManagementDelegated,
  SubscriptionPartnerSwitched,
  SubscriptionRecorded,
} from '@ledger/subscriptions';
import type { Projection } from '../runner/projection';
import { occurredAt } from '../shared/events';
import { prepareReplace } from '../shared/statements';

export const SUBSCRIPTIONS_PROJECTION = 'subscriptions';

type Table = 'subscriptions';

/**
 * Read model `subscriptions` (domain §4.4, §5): what each customer bought, through which channel,
 * with its partner of record (CSP) and the partner hired to manage it (multi-channel).
 *
 * - `subscriptions`: one row per subscription; `managed_by` is the partner the customer delegated
 *   management to (null when none was); `status` active or cancelled (kept after cancellation).
 */
export const subscriptionsProjection: Projection<Table> = {
  name: SUBSCRIPTIONS_PROJECTION,
  version: 1,
  tables: ['subscriptions'],
  eventTypes: [
    'SubscriptionRecorded',
    'SubscriptionManagementDelegated',
    'SubscriptionPartnerSwitched',
    'SubscriptionCancelled',
  ] satisfies SubscriptionEvent['type'][],

  createSchema(db, t) {
    db.exec(`
      CREATE TABLE "${t.subscriptions}" (
        subscription_id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        offer TEXT NOT NULL,
        billing TEXT NOT NULL,
        channel TEXT NOT NULL,
        partner_of_record TEXT,
        managed_by TEXT,
        status TEXT NOT NULL,
        term_ends_at TEXT,
        recorded_at TEXT NOT NULL,
        cancelled_at TEXT
      ) WITHOUT ROWID;
    `);
  },

  createIndexes(db, t) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS "${t.subscriptions}_by_customer" ON "${t.subscriptions}" (customer_id, subscription_id);
      CREATE INDEX IF NOT EXISTS "${t.subscriptions}_by_partner_of_record" ON "${t.subscriptions}" (partner_of_record, subscription_id) WHERE partner_of_record IS NOT NULL;
      CREATE INDEX IF NOT EXISTS "${t.subscriptions}_by_manager" ON "${t.subscriptions}" (managed_by, subscription_id) WHERE managed_by IS NOT NULL;
      CREATE INDEX IF NOT EXISTS "${t.subscriptions}_by_channel" ON "${t.subscriptions}" (channel, subscription_id);
    `);
  },

  writer(db, t) {
    const record = prepareReplace(
      db,
      t.subscriptions,
      ['subscription_id', 'customer_id', 'offer', 'billing', 'channel', 'partner_of_record', 'status', 'term_ends_at', 'recorded_at'],
      ['?', '?', '?', '?', '?', '?', "'active'", '?', '?'],
    );
    const delegate = db.prepare(`UPDATE "${t.subscriptions}" SET managed_by = ? WHERE subscription_id = ?`);
    const switchPartner = db.prepare(`UPDATE "${t.subscriptions}" SET partner_of_record = ? WHERE subscription_id = ?`);
    const cancel = db.prepare(`UPDATE "${t.subscriptions}" SET status = 'cancelled', cancelled_at = ? WHERE subscription_id = ?`);

    return {
      apply(event) {
        switch (event.type as SubscriptionEvent['type']) {
          case 'SubscriptionRecorded': {
            const data = event.data as SubscriptionRecorded['data'];
            record.run(
              data.subscriptionId,
              data.customerId,
              data.offer,
              data.billing,
              data.channel,
              data.partnerOfRecord ?? null,
              data.termEndsAt ?? null,
              occurredAt(event),
            );
            return;
          }
          case 'SubscriptionManagementDelegated': {
            const data = event.data as SubscriptionManagementDelegated['data'];
            delegate.run(data.partnerId, data.subscriptionId);
            return;
          }
          case 'SubscriptionPartnerSwitched': {
            const data = event.data as SubscriptionPartnerSwitched['data'];
            switchPartner.run(data.toPartnerId, data.subscriptionId);
            return;
          }
          case 'SubscriptionCancelled': {
            const data = event.data as SubscriptionCancelled['data'];
            cancel.run(occurredAt(event), data.subscriptionId);
            return;
          }
          default:
            return;
        }
      },
    };
  },
};
