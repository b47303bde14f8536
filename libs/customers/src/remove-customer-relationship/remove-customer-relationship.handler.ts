import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { CommandResult, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RemoveCustomerRelationship } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { executeRemoveCustomerRelationship } from './remove-customer-relationship.execute';

export class RemoveCustomerRelationshipCommand extends LedgerCommand<'RemoveCustomerRelationship', RemoveCustomerRelationship['data'], CommandResult<CustomerEvent>>('RemoveCustomerRelationship') {}

@CommandHandler(RemoveCustomerRelationshipCommand)
export class RemoveCustomerRelationshipHandler implements ICommandHandler<RemoveCustomerRelationshipCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: RemoveCustomerRelationshipCommand): Promise<CommandResult<CustomerEvent>> {
    return executeRemoveCustomerRelationship(this.store, command);
  }
}
