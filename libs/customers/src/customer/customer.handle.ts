import { type CommandResult, handleCommand } from '@ledger/event-store';
import { type CommandContext, streams } from '@ledger/kernel';
import type { CustomerEvent } from './customer.events';
import { evolveCustomer } from './customer.evolve';
import { foldCustomer } from './customer.fold';
import { type CustomerState, initialCustomerState } from './customer.state';
import type { EventStore } from '@ledger/event-store';

/**
 * Runs one customer command through the pipeline: read `customer-{customerId}`, fold (with
 * foldCustomer: O(n), and this runs on every command and retry in the stream's queue), decide
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
    fold: foldCustomer,
    decide: (state) => decide(state),
    context,
  });
}
