import type { CommandResult, EventStore } from '@ledger/event-store';
import type { PartnerEvent } from '../partner/partner.events';
import { handlePartnerCommand } from '../partner/partner.store';
import { type AddPartnerUser, decideAddPartnerUser } from './add-partner-user.decide';

/** AddPartnerUser on `partner-{partnerId}`: read, fold, decide, append at the exact revision read (retried on a race). */
export function executeAddPartnerUser(store: EventStore, command: AddPartnerUser): Promise<CommandResult<PartnerEvent>> {
  return handlePartnerCommand(store, command.data.partnerId, command.context, (state) => decideAddPartnerUser(command, state));
}
