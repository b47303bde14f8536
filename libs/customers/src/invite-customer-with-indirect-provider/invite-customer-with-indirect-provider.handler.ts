import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { CommandResult, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { InviteCustomerWithIndirectProvider } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { executeInviteCustomerWithIndirectProvider } from './invite-customer-with-indirect-provider.execute';

/** Dispatched by the relationship-requests endpoint when the body names an `indirectProviderId`. */
export class InviteCustomerWithIndirectProviderCommand extends LedgerCommand<
  'InviteCustomerWithIndirectProvider',
  InviteCustomerWithIndirectProvider['data'],
  CommandResult<CustomerEvent>
>('InviteCustomerWithIndirectProvider') {}

@CommandHandler(InviteCustomerWithIndirectProviderCommand)
export class InviteCustomerWithIndirectProviderHandler implements ICommandHandler<InviteCustomerWithIndirectProviderCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: InviteCustomerWithIndirectProviderCommand): Promise<CommandResult<CustomerEvent>> {
    return executeInviteCustomerWithIndirectProvider(this.store, command);
  }
}
