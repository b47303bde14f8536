import { type CommandResult, handleCommand } from '@ledger/event-store';
import { type CommandContext, streams } from '@ledger/kernel';
import type { CustomerEvent } from './customer.events';
import { evolveCustomer } from './customer.evolve';
import { type CustomerState, initialCustomerState } from './customer.state';
import type { EventStore } from '@ledger/event-store';

/**
 * Runs one customer command through the pipeline: read `customer-{customerId}`, fold, decide
 * (which may load other streams and runs again on every concurrency retry), append at the exact
 * revision read.
 */
export function handleCustomerCommand(
  store: EventStore,
  customerId: string,
  context: CommandContext,
  decide: (state: CustomerState) => readonly CustomerEvent[] | Promise<readonly CustomerEvent[]>,
): Promise<CommandResult<CustomerEvent>> {
  return handleCommand<CustomerState, CustomerEvent>(store, {
    streamId: streams.customer(customerId),
    initialState: initialCustomerState,
    evolve: evolveCustomer,
    decide: (state) => decide(state),
    context,
  });
}
