import type { CommandResult, EventStore } from '@ledger/event-store';
import type { PartnerEvent } from '../partner/partner.events';
import { handlePartnerCommand } from '../partner/partner.store';
import { type ChangePartnerUserRoles, decideChangePartnerUserRoles } from './change-partner-user-roles.decide';

/** ChangePartnerUserRoles on `partner-{partnerId}`: read, fold, decide, append at the exact revision read (retried on a race). */
export function executeChangePartnerUserRoles(store: EventStore, command: ChangePartnerUserRoles): Promise<CommandResult<PartnerEvent>> {
  return handlePartnerCommand(store, command.data.partnerId, command.context, (state) => decideChangePartnerUserRoles(command, state));
}
