import type { CommandResult, EventStore } from '@ledger/event-store';
import type { AcceptRelationship } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { handleCustomerCommand } from '../customer/customer.handle';
import { decideAcceptRelationship } from './accept-relationship.decide';

/** AcceptRelationship, end to end: everything it needs is in the customer stream. */
export function executeAcceptRelationship(store: EventStore, command: AcceptRelationship): Promise<CommandResult<CustomerEvent>> {
  return handleCustomerCommand(store, command.data.customerId, command.context, (state) => decideAcceptRelationship(command, state));
}
