import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { CommandResult, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RequestResellerRelationship } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { executeRequestResellerRelationship } from './request-reseller-relationship.execute';

export class RequestResellerRelationshipCommand extends LedgerCommand<
  'RequestResellerRelationship',
  RequestResellerRelationship['data'],
  CommandResult<CustomerEvent>
>('RequestResellerRelationship') {}

@CommandHandler(RequestResellerRelationshipCommand)
export class RequestResellerRelationshipHandler implements ICommandHandler<RequestResellerRelationshipCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: RequestResellerRelationshipCommand): Promise<CommandResult<CustomerEvent>> {
    return executeRequestResellerRelationship(this.store, command);
  }
}
