import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { PartnershipEvent } from '../partnership/partnership.events';
import type { EndPartnership } from './end-partnership.decide';
import { executeEndPartnership } from './end-partnership.execute';

export class EndPartnershipCommand extends LedgerCommand<'EndPartnership', EndPartnership['data'], CommandResult<PartnershipEvent>>(
  'EndPartnership',
) {}

@CommandHandler(EndPartnershipCommand)
export class EndPartnershipHandler implements ICommandHandler<EndPartnershipCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: EndPartnershipCommand): Promise<CommandResult<PartnershipEvent>> {
    return executeEndPartnership(this.store, command);
  }
}
