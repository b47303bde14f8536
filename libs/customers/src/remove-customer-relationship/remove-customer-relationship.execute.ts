import type { CommandResult, EventStore } from '@ledger/event-store';
import type { RemoveCustomerRelationship } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { handleCustomerCommand } from '../customer/customer.handle';
import { loadPartnerState } from '../customer/customer.load';
import { decideRemoveCustomerRelationship } from './remove-customer-relationship.decide';

/** RemoveCustomerRelationship, end to end: loads the removing partner for its admins and approval. */
export function executeRemoveCustomerRelationship(
  store: EventStore,
  command: RemoveCustomerRelationship,
): Promise<CommandResult<CustomerEvent>> {
  return handleCustomerCommand(store, command.data.customerId, command.context, async (state) =>
    decideRemoveCustomerRelationship(command, state, { partner: await loadPartnerState(store, command.data.partnerId) }),
  );
}
