import type { CommandResult, EventStore } from '@ledger/event-store';
import type { PartnerEvent } from '../partner/partner.events';
import { handlePartnerCommand } from '../partner/partner.store';
import { type VerifyPrimaryContactEmail, decideVerifyPrimaryContactEmail } from './verify-primary-contact-email.decide';

/** VerifyPrimaryContactEmail on `partner-{partnerId}`: read, fold, decide, append at the exact revision read (retried on a race). */
export function executeVerifyPrimaryContactEmail(store: EventStore, command: VerifyPrimaryContactEmail): Promise<CommandResult<PartnerEvent>> {
  return handlePartnerCommand(store, command.data.partnerId, command.context, (state) => decideVerifyPrimaryContactEmail(command, state));
}
