import type { Billing, Channel } from '@ledger/kernel';

/** What every recorded subscription has. */
export interface RecordedSubscription {
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly offer: string;
  readonly billing: Billing;
  /** Where it was originally bought; a later partner switch does not change it. */
  readonly channel: Channel;
  /** The current partner of record, or null (non-CSP channels until switched to a partner). */
  readonly partnerOfRecord: string | null;
  /** The partner hired to manage it (multi-channel), or null. */
  readonly managedBy: string | null;
  /** End of the current term, or null when unknown. */
  readonly termEndsAt: string | null;
}

/**
 * The subscription aggregate's state (stream `subscription-{subscriptionId}`), a union on
 * `status`: `none` until recorded, `active`, then `cancelled` for good.
 */
export type SubscriptionState =
  | { readonly status: 'none' }
  | (RecordedSubscription & { readonly status: 'active' })
  | (RecordedSubscription & { readonly status: 'cancelled' });

export type KnownSubscription = Exclude<SubscriptionState, { status: 'none' }>;

export const initialSubscriptionState: SubscriptionState = { status: 'none' };
