import type { CommandResult, EventStore } from '@ledger/event-store';
import type { DeclineRelationship } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { handleCustomerCommand } from '../customer/customer.handle';
import { decideDeclineRelationship } from './decline-relationship.decide';

/** DeclineRelationship, end to end: everything it needs is in the customer stream. */
export function executeDeclineRelationship(store: EventStore, command: DeclineRelationship): Promise<CommandResult<CustomerEvent>> {
  return handleCustomerCommand(store, command.data.customerId, command.context, (state) => decideDeclineRelationship(command, state));
}
