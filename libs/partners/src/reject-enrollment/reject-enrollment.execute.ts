import type { CommandResult, EventStore } from '@ledger/event-store';
import type { PartnerEvent } from '../partner/partner.events';
import { handlePartnerCommand } from '../partner/partner.store';
import { type RejectEnrollment, decideRejectEnrollment } from './reject-enrollment.decide';

/** RejectEnrollment on `partner-{partnerId}`: read, fold, decide, append at the exact revision read (retried on a race). */
export function executeRejectEnrollment(store: EventStore, command: RejectEnrollment): Promise<CommandResult<PartnerEvent>> {
  return handlePartnerCommand(store, command.data.partnerId, command.context, (state) => decideRejectEnrollment(command, state));
}
