import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { PartnerEvent } from '../partner/partner.events';
import type { RemovePartnerUser } from './remove-partner-user.decide';
import { executeRemovePartnerUser } from './remove-partner-user.execute';

export class RemovePartnerUserCommand extends LedgerCommand<
  'RemovePartnerUser',
  RemovePartnerUser['data'],
  CommandResult<PartnerEvent>
>('RemovePartnerUser') {}

@CommandHandler(RemovePartnerUserCommand)
export class RemovePartnerUserHandler implements ICommandHandler<RemovePartnerUserCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: RemovePartnerUserCommand): Promise<CommandResult<PartnerEvent>> {
    return executeRemovePartnerUser(this.store, command);
  }
}
