import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { PartnershipEvent } from '../partnership/partnership.events';
import type { InviteReseller } from './invite-reseller.decide';
import { executeInviteReseller } from './invite-reseller.execute';

export class InviteResellerCommand extends LedgerCommand<'InviteReseller', InviteReseller['data'], CommandResult<PartnershipEvent>>(
  'InviteReseller',
) {}

@CommandHandler(InviteResellerCommand)
export class InviteResellerHandler implements ICommandHandler<InviteResellerCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: InviteResellerCommand): Promise<CommandResult<PartnershipEvent>> {
    return executeInviteReseller(this.store, command);
  }
}
