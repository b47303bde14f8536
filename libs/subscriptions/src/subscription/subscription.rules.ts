import type { Channel } from '@ledger/kernel';
import type { KnownSubscription, SubscriptionState } from './subscription.state';

/* The subscription aggregate's rules as named predicates (domain §4.4). */

export function isRecorded(state: SubscriptionState): state is KnownSubscription {
  return state.status !== 'none';
}

export function isActiveSubscription(state: SubscriptionState): boolean {
  return state.status === 'active';
}

/** Only subscriptions bought through CSP have a partner of record when recorded. */
export function channelHasPartnerOfRecord(channel: Channel): boolean {
  return channel === 'csp';
}

/**
 * May the subscription move to another partner now? Usage-based (Azure) ones at any time;
 * license-based ones only once the term has ended (the end instant itself counts as ended).
 * A license subscription without a known term end never qualifies: the customer must cancel.
 */
export function mayChangePartnerNow(subscription: KnownSubscription, now: string): boolean {
  if (subscription.billing === 'usage') return true;
  if (subscription.termEndsAt === null) return false;
  return Date.parse(now) >= Date.parse(subscription.termEndsAt);
}
