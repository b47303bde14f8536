import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { PartnerEvent } from '../partner/partner.events';
import type { AddPartnerUser } from './add-partner-user.decide';
import { executeAddPartnerUser } from './add-partner-user.execute';

export class AddPartnerUserCommand extends LedgerCommand<'AddPartnerUser', AddPartnerUser['data'], CommandResult<PartnerEvent>>(
  'AddPartnerUser',
) {}

@CommandHandler(AddPartnerUserCommand)
export class AddPartnerUserHandler implements ICommandHandler<AddPartnerUserCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: AddPartnerUserCommand): Promise<CommandResult<PartnerEvent>> {
    return executeAddPartnerUser(this.store, command);
  }
}
