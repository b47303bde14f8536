import { type CustomerState, hasActiveRelationship, isRegistered } from '@ledger/customers/domain';
import { type PartnerState, requireEnrolledPartner } from '@ledger/partners/domain';
import { authorizeCustomerOnSubscription } from '../subscription/subscription.access';
import type { DelegateSubscriptionManagement } from '../subscription/subscription.commands';
import { noActiveRelationship, subscriptionNotActive } from '../subscription/subscription.errors';
import type { SubscriptionManagementDelegated } from '../subscription/subscription.events';
import type { SubscriptionState } from '../subscription/subscription.state';

export interface DelegateSubscriptionManagementInputs {
  /** The subscription's customer (`customer-{customerId}`), for the partner's relationship. */
  readonly customer: CustomerState;
  /** The partner hired (`partner-{partnerId}`); unknown gives `partner-not-found`. */
  readonly partner: PartnerState;
}

/**
 * DelegateSubscriptionManagement (domain §4.4, the multi-channel seed): the customer hires a
 * partner to manage and support a subscription, typically one bought elsewhere. Who: the
 * customer's global admin. Rules, in order: `subscription-not-active`; the partner has an active
 * relationship (`no-active-relationship`). The partner of record is unchanged.
 */
export function decideDelegateSubscriptionManagement(
  command: DelegateSubscriptionManagement,
  state: SubscriptionState,
  inputs: DelegateSubscriptionManagementInputs,
): [SubscriptionManagementDelegated] {
  const { subscriptionId, partnerId } = command.data;
  const subscription = authorizeCustomerOnSubscription(command.context.actor, state, subscriptionId, () =>
    requireEnrolledPartner(inputs.partner, partnerId),
  );
  if (subscription.status !== 'active') throw subscriptionNotActive(subscriptionId);
  if (!isRegistered(inputs.customer) || !hasActiveRelationship(inputs.customer, partnerId)) {
    throw noActiveRelationship(partnerId, subscription.customerId);
  }
  return [
    {
      type: 'SubscriptionManagementDelegated',
      data: {
        subscriptionId,
        customerId: subscription.customerId,
        partnerId,
        ...(subscription.managedBy !== null ? { previousManagerId: subscription.managedBy } : {}),
        ...(subscription.partnerOfRecord !== null ? { partnerOfRecord: subscription.partnerOfRecord } : {}),
      },
    },
  ];
}
