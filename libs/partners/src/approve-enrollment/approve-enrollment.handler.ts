import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { PartnerEvent } from '../partner/partner.events';
import type { ApproveEnrollment } from './approve-enrollment.decide';
import { executeApproveEnrollment } from './approve-enrollment.execute';

export class ApproveEnrollmentCommand extends LedgerCommand<
  'ApproveEnrollment',
  ApproveEnrollment['data'],
  CommandResult<PartnerEvent>
>('ApproveEnrollment') {}

@CommandHandler(ApproveEnrollmentCommand)
export class ApproveEnrollmentHandler implements ICommandHandler<ApproveEnrollmentCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: ApproveEnrollmentCommand): Promise<CommandResult<PartnerEvent>> {
    return executeApproveEnrollment(this.store, command);
  }
}
