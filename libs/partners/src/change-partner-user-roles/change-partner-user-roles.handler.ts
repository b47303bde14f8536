import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { PartnerEvent } from '../partner/partner.events';
import type { ChangePartnerUserRoles } from './change-partner-user-roles.decide';
import { executeChangePartnerUserRoles } from './change-partner-user-roles.execute';

export class ChangePartnerUserRolesCommand extends LedgerCommand<
  'ChangePartnerUserRoles',
  ChangePartnerUserRoles['data'],
  CommandResult<PartnerEvent>
>('ChangePartnerUserRoles') {}

@CommandHandler(ChangePartnerUserRolesCommand)
export class ChangePartnerUserRolesHandler implements ICommandHandler<ChangePartnerUserRolesCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: ChangePartnerUserRolesCommand): Promise<CommandResult<PartnerEvent>> {
    return executeChangePartnerUserRoles(this.store, command);
  }
}
