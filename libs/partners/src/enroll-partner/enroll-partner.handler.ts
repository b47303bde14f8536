import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { PartnerEvent } from '../partner/partner.events';
import type { EnrollPartnerData } from './enroll-partner.decide';
import { executeEnrollPartner } from './enroll-partner.execute';

export class EnrollPartnerCommand extends LedgerCommand<'EnrollPartner', EnrollPartnerData, CommandResult<PartnerEvent>>('EnrollPartner') {}

/** Runs EnrollPartner (partner stream plus the MPN id and tenant reservations) on the process's store. */
@CommandHandler(EnrollPartnerCommand)
export class EnrollPartnerHandler implements ICommandHandler<EnrollPartnerCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: EnrollPartnerCommand): Promise<CommandResult<PartnerEvent>> {
    return executeEnrollPartner(this.store, command);
  }
}
