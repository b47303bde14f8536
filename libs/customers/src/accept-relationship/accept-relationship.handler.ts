import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { CommandResult, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AcceptRelationship } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { executeAcceptRelationship } from './accept-relationship.execute';

export class AcceptRelationshipCommand extends LedgerCommand<'AcceptRelationship', AcceptRelationship['data'], CommandResult<CustomerEvent>>('AcceptRelationship') {}

@CommandHandler(AcceptRelationshipCommand)
export class AcceptRelationshipHandler implements ICommandHandler<AcceptRelationshipCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: AcceptRelationshipCommand): Promise<CommandResult<CustomerEvent>> {
    return executeAcceptRelationship(this.store, command);
  }
}
