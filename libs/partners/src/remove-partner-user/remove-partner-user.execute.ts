import type { CommandResult, EventStore } from '@ledger/event-store';
import type { PartnerEvent } from '../partner/partner.events';
import { handlePartnerCommand } from '../partner/partner.store';
import { type RemovePartnerUser, decideRemovePartnerUser } from './remove-partner-user.decide';

/** RemovePartnerUser on `partner-{partnerId}`: read, fold, decide, append at the exact revision read (retried on a race). */
export function executeRemovePartnerUser(store: EventStore, command: RemovePartnerUser): Promise<CommandResult<PartnerEvent>> {
  return handlePartnerCommand(store, command.data.partnerId, command.context, (state) => decideRemovePartnerUser(command, state));
}
