import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { PartnerEvent } from '../partner/partner.events';
import type { VerifyPrimaryContactEmail } from './verify-primary-contact-email.decide';
import { executeVerifyPrimaryContactEmail } from './verify-primary-contact-email.execute';

export class VerifyPrimaryContactEmailCommand extends LedgerCommand<
  'VerifyPrimaryContactEmail',
  VerifyPrimaryContactEmail['data'],
  CommandResult<PartnerEvent>
>('VerifyPrimaryContactEmail') {}

@CommandHandler(VerifyPrimaryContactEmailCommand)
export class VerifyPrimaryContactEmailHandler implements ICommandHandler<VerifyPrimaryContactEmailCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: VerifyPrimaryContactEmailCommand): Promise<CommandResult<PartnerEvent>> {
    return executeVerifyPrimaryContactEmail(this.store, command);
  }
}
