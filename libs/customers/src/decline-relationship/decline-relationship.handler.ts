import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { CommandResult, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DeclineRelationship } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { executeDeclineRelationship } from './decline-relationship.execute';

export class DeclineRelationshipCommand extends LedgerCommand<'DeclineRelationship', DeclineRelationship['data'], CommandResult<CustomerEvent>>('DeclineRelationship') {}

@CommandHandler(DeclineRelationshipCommand)
export class DeclineRelationshipHandler implements ICommandHandler<DeclineRelationshipCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: DeclineRelationshipCommand): Promise<CommandResult<CustomerEvent>> {
    return executeDeclineRelationship(this.store, command);
  }
}
