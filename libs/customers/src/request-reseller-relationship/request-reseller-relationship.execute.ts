import type { CommandResult, EventStore } from '@ledger/event-store';
import type { RequestResellerRelationship } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { handleCustomerCommand } from '../customer/customer.handle';
import { loadPartnerState } from '../customer/customer.load';
import { decideRequestResellerRelationship } from './request-reseller-relationship.decide';

/**
 * RequestResellerRelationship, end to end: loads the requesting partner (`partner-{partnerId}`)
 * for its roles, approval and cloud. The request id is the command id (in the emitted event).
 */
export function executeRequestResellerRelationship(
  store: EventStore,
  command: RequestResellerRelationship,
): Promise<CommandResult<CustomerEvent>> {
  return handleCustomerCommand(store, command.data.customerId, command.context, async (state) =>
    decideRequestResellerRelationship(command, state, { partner: await loadPartnerState(store, command.data.partnerId) }),
  );
}
