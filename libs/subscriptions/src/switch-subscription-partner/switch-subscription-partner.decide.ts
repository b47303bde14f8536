import { type CustomerState, hasActiveRelationship, isRegistered } from '@ledger/customers/domain';
import { type PartnerState, requireEnrolledPartner } from '@ledger/partners/domain';
import { authorizeCustomerOnSubscription } from '../subscription/subscription.access';
import type { SwitchSubscriptionPartner } from '../subscription/subscription.commands';
import { licenseTermNotEnded, noActiveRelationship, subscriptionNotActive } from '../subscription/subscription.errors';
import type { SubscriptionPartnerSwitched } from '../subscription/subscription.events';
import { mayChangePartnerNow } from '../subscription/subscription.rules';
import type { SubscriptionState } from '../subscription/subscription.state';

export interface SwitchSubscriptionPartnerInputs {
  /** The subscription's customer (`customer-{customerId}`), for the target's relationship. */
  readonly customer: CustomerState;
  /** The target partner (`partner-{toPartnerId}`); unknown gives `partner-not-found`. */
  readonly partner: PartnerState;
}

/**
 * SwitchSubscriptionPartner (domain §4.4, the multi-channel seed). Who: the customer's global
 * admin. Rules, in order: `subscription-not-active`; `usage` (Azure) subscriptions may switch at
 * any time, `license` ones only once `termEndsAt` has passed (`license-term-not-ended`, compared
 * with the command's time); the target has an active relationship (`no-active-relationship`).
 */
export function decideSwitchSubscriptionPartner(
  command: SwitchSubscriptionPartner,
  state: SubscriptionState,
  inputs: SwitchSubscriptionPartnerInputs,
): [SubscriptionPartnerSwitched] {
  const { subscriptionId, toPartnerId } = command.data;
  const subscription = authorizeCustomerOnSubscription(command.context.actor, state, subscriptionId, () =>
    requireEnrolledPartner(inputs.partner, toPartnerId),
  );
  if (subscription.status !== 'active') throw subscriptionNotActive(subscriptionId);
  if (!mayChangePartnerNow(subscription, command.context.now)) throw licenseTermNotEnded(subscriptionId, subscription.termEndsAt);
  if (!isRegistered(inputs.customer) || !hasActiveRelationship(inputs.customer, toPartnerId)) {
    throw noActiveRelationship(toPartnerId, subscription.customerId);
  }
  return [
    {
      type: 'SubscriptionPartnerSwitched',
      data: {
        subscriptionId,
        customerId: subscription.customerId,
        ...(subscription.partnerOfRecord !== null ? { fromPartnerId: subscription.partnerOfRecord } : {}),
        toPartnerId,
      },
    },
  ];
}
