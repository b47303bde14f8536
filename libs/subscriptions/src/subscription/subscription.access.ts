import { type Actor, forbidden, SELLERS } from '@ledger/kernel';
import { assertActsForCustomer, assertCustomerGlobalAdmin } from '@ledger/customers/domain';
import { assertActsForPartner, type PartnerState, recordedUserWithRole, requireApprovedPartner, requireEnrolledPartner } from '@ledger/partners/domain';
import { subscriptionNotFound } from './subscription.errors';
import { isRecorded } from './subscription.rules';
import type { KnownSubscription, SubscriptionState } from './subscription.state';

/** Unknown subscription: 404 `subscription-not-found`. */
export function requireRecordedSubscription(state: SubscriptionState, subscriptionId: string): KnownSubscription {
  if (!isRecorded(state)) throw subscriptionNotFound(subscriptionId);
  return state;
}

/**
 * The customer's global admin acting on an existing subscription, in domain §4's order as far as
 * it can go: the actor is a customer (403) → the subscription exists (404: its customer is only
 * known from it) → the actor is that customer (403) → `extraKnownIds` (404s of other ids) → the
 * global-admin role (403).
 */
export function authorizeCustomerOnSubscription(
  actor: Actor,
  state: SubscriptionState,
  subscriptionId: string,
  extraKnownIds: () => void = () => undefined,
): KnownSubscription {
  if (actor.kind !== 'customer') throw forbidden("Only the customer's global admin may do this.");
  const subscription = requireRecordedSubscription(state, subscriptionId);
  assertActsForCustomer(actor, subscription.customerId);
  extraKnownIds();
  assertCustomerGlobalAdmin(actor);
  return subscription;
}

/**
 * A seller of the partner of record: the actor is a user of that partner (403) → the partner is
 * enrolled (404) → the actor's recorded roles (403) → the partner is approved.
 */
export function authorizeSellerOfPartner(actor: Actor, partnerId: string | null, partner: PartnerState): void {
  if (partnerId === null) throw forbidden('The subscription has no partner of record whose sellers could do this.');
  assertActsForPartner(actor, partnerId);
  const enrolled = requireEnrolledPartner(partner, partnerId);
  recordedUserWithRole(enrolled, actor.userId, SELLERS);
  requireApprovedPartner(enrolled);
}
