import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { CommandResult, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RegisterCustomer } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { executeRegisterCustomer } from './register-customer.execute';

export class RegisterCustomerCommand extends LedgerCommand<'RegisterCustomer', RegisterCustomer['data'], CommandResult<CustomerEvent>>(
  'RegisterCustomer',
) {}

@CommandHandler(RegisterCustomerCommand)
export class RegisterCustomerHandler implements ICommandHandler<RegisterCustomerCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: RegisterCustomerCommand): Promise<CommandResult<CustomerEvent>> {
    return executeRegisterCustomer(this.store, command);
  }
}
