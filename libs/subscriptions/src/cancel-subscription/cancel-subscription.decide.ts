import { forbidden } from '@ledger/kernel';
import { assertActsForCustomer, assertCustomerGlobalAdmin } from '@ledger/customers/domain';
import type { PartnerState } from '@ledger/partners/domain';
import { authorizeSellerOfPartner, requireRecordedSubscription } from '../subscription/subscription.access';
import type { CancelSubscription } from '../subscription/subscription.commands';
import { subscriptionNotActive } from '../subscription/subscription.errors';
import type { SubscriptionCancelled } from '../subscription/subscription.events';
import type { SubscriptionState } from '../subscription/subscription.state';

export interface CancelSubscriptionInputs {
  /** When a partner actor cancels: the state of the partner of record. Ignored for a customer actor. */
  readonly partnerOfRecord: PartnerState;
}

/**
 * CancelSubscription (domain §4.4). Who: sellers of the partner of record, or the customer's
 * global admin. Rule: the subscription is active (`subscription-not-active`). A partner that only
 * manages the subscription (delegation) may not cancel it.
 */
export function decideCancelSubscription(
  command: CancelSubscription,
  state: SubscriptionState,
  inputs: CancelSubscriptionInputs,
): [SubscriptionCancelled] {
  const { actor } = command.context;
  const { subscriptionId } = command.data;
  if (actor.kind !== 'partner' && actor.kind !== 'customer') {
    throw forbidden("Only sellers of the partner of record or the customer's global admin may cancel a subscription.");
  }
  const subscription = requireRecordedSubscription(state, subscriptionId);
  if (actor.kind === 'partner') {
    authorizeSellerOfPartner(actor, subscription.partnerOfRecord, inputs.partnerOfRecord);
  } else {
    assertActsForCustomer(actor, subscription.customerId);
    assertCustomerGlobalAdmin(actor);
  }
  if (subscription.status !== 'active') throw subscriptionNotActive(subscriptionId);
  return [
    {
      type: 'SubscriptionCancelled',
      data: {
        subscriptionId,
        customerId: subscription.customerId,
        ...(subscription.partnerOfRecord !== null ? { partnerOfRecord: subscription.partnerOfRecord } : {}),
        cancelledBy: actor.kind,
      },
    },
  ];
}
