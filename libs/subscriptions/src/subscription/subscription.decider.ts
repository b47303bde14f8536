import type { CustomerState } from '@ledger/customers/domain';
import type { PartnerState } from '@ledger/partners/domain';
import { decideCancelSubscription } from '../cancel-subscription/cancel-subscription.decide';
import { decideDelegateSubscriptionManagement } from '../delegate-subscription-management/delegate-subscription-management.decide';
import { decideRecordSubscription } from '../record-subscription/record-subscription.decide';
import { decideSwitchSubscriptionPartner } from '../switch-subscription-partner/switch-subscription-partner.decide';
import type { SubscriptionCommand } from './subscription.commands';
import type { SubscriptionEvent } from './subscription.events';
import { evolveSubscription } from './subscription.evolve';
import { initialSubscriptionState, type SubscriptionState } from './subscription.state';

/** Every fact from other streams a subscription command may need, as lookups. */
export interface SubscriptionFacts {
  /** State of `customer-{customerId}`. */
  customer(customerId: string): CustomerState;
  /** State of `partner-{partnerId}`. */
  partner(partnerId: string): PartnerState;
}

/**
 * The partner whose state a command's authorization or rules need: the partner of record (or
 * the acting partner) for a csp recording, the hired or target partner, or the partner of record
 * for a cancellation. The execute functions load exactly this one.
 */
export function partnerConcerned(command: SubscriptionCommand, state: SubscriptionState): string | null {
  switch (command.type) {
    case 'RecordSubscription':
      return command.data.partnerOfRecord ?? (command.context.actor.kind === 'partner' ? command.context.actor.tenantId : null);
    case 'DelegateSubscriptionManagement':
      return command.data.partnerId;
    case 'SwitchSubscriptionPartner':
      return command.data.toPartnerId;
    case 'CancelSubscription':
      return state.status === 'none' ? null : state.partnerOfRecord;
  }
}

/** The customer whose relationships a command checks: named by the command or by the subscription. */
export function customerConcerned(command: SubscriptionCommand, state: SubscriptionState): string | null {
  if (command.type === 'RecordSubscription') return command.data.customerId;
  return state.status === 'none' ? null : state.customerId;
}

/** One decide behind an exhaustive switch: each command goes to its slice's decide. */
export function decideSubscription(command: SubscriptionCommand, state: SubscriptionState, facts: SubscriptionFacts): SubscriptionEvent[] {
  const customerId = customerConcerned(command, state);
  const partnerId = partnerConcerned(command, state);
  const customer: CustomerState = customerId === null ? { status: 'none' } : facts.customer(customerId);
  const partner: PartnerState = partnerId === null ? { status: 'none' } : facts.partner(partnerId);
  switch (command.type) {
    case 'RecordSubscription':
      return decideRecordSubscription(command, state, { customer, partner });
    case 'DelegateSubscriptionManagement':
      return decideDelegateSubscriptionManagement(command, state, { customer, partner });
    case 'SwitchSubscriptionPartner':
      return decideSwitchSubscriptionPartner(command, state, { customer, partner });
    case 'CancelSubscription':
      return decideCancelSubscription(command, state, { partnerOfRecord: partner });
    default: {
      const unknown: never = command;
      throw new Error(`Unknown subscription command ${(unknown as { type: string }).type}`);
    }
  }
}

export const subscriptionDecider = {
  initialState: initialSubscriptionState,
  evolve: evolveSubscription,
  decide: decideSubscription,
} as const;
