import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { PartnerEvent } from '../partner/partner.events';
import type { RejectEnrollment } from './reject-enrollment.decide';
import { executeRejectEnrollment } from './reject-enrollment.execute';

export class RejectEnrollmentCommand extends LedgerCommand<
  'RejectEnrollment',
  RejectEnrollment['data'],
  CommandResult<PartnerEvent>
>('RejectEnrollment') {}

@CommandHandler(RejectEnrollmentCommand)
export class RejectEnrollmentHandler implements ICommandHandler<RejectEnrollmentCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: RejectEnrollmentCommand): Promise<CommandResult<PartnerEvent>> {
    return executeRejectEnrollment(this.store, command);
  }
}
