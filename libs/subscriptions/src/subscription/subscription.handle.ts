import { type CommandResult, type EventStore, handleCommand } from '@ledger/event-store';
import { streams } from '@ledger/kernel';
import { initialPartnerState, type PartnerState } from '@ledger/partners';
import { type CustomerState, initialCustomerState, loadCustomerState, loadPartnerState } from '@ledger/customers';
import type { SubscriptionCommand } from './subscription.commands';
import { customerConcerned, decideSubscription, partnerConcerned } from './subscription.decider';
import type { SubscriptionEvent } from './subscription.events';
import { evolveSubscription } from './subscription.evolve';
import { initialSubscriptionState, type SubscriptionState } from './subscription.state';

/**
 * Runs one subscription command: read `subscription-{subscriptionId}`, fold, load the customer
 * (`customer-*`) and the partner concerned (`partner-*`) from the store, decide, append at the
 * exact revision read (retrying on a concurrent append).
 * The customer's relationships are read, not locked: a relationship removed at the same moment may
 * land just after a subscription was recorded for that partner. The domain keeps subscriptions and
 * relationships independent (removing a relationship changes no subscription), so a serial order in
 * which the recording came first always exists.
 */
export function executeSubscriptionCommand(store: EventStore, command: SubscriptionCommand): Promise<CommandResult<SubscriptionEvent>> {
  return handleCommand<SubscriptionState, SubscriptionEvent>(store, {
    streamId: streams.subscription(command.data.subscriptionId),
    initialState: initialSubscriptionState,
    evolve: evolveSubscription,
    context: command.context,
    decide: async (state) => {
      const customerId = customerConcerned(command, state);
      const partnerId = partnerConcerned(command, state);
      const [customer, partner] = await Promise.all([
        customerId === null ? Promise.resolve<CustomerState>(initialCustomerState) : loadCustomerState(store, customerId),
        partnerId === null ? Promise.resolve<PartnerState>(initialPartnerState) : loadPartnerState(store, partnerId),
      ]);
      return decideSubscription(command, state, { customer: () => customer, partner: () => partner });
    },
  });
}
