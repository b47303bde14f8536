import type { CommandResult, EventStore } from '@ledger/event-store';
import type { PartnerEvent } from '../partner/partner.events';
import { handlePartnerCommand } from '../partner/partner.store';
import { type ApproveEnrollment, decideApproveEnrollment } from './approve-enrollment.decide';

/** ApproveEnrollment on `partner-{partnerId}`: read, fold, decide, append at the exact revision read (retried on a race). */
export function executeApproveEnrollment(store: EventStore, command: ApproveEnrollment): Promise<CommandResult<PartnerEvent>> {
  return handlePartnerCommand(store, command.data.partnerId, command.context, (state) => decideApproveEnrollment(command, state));
}
