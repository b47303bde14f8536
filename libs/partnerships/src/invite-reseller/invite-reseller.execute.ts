import type { CommandResult, EventStore } from '@ledger/event-store';
import type { PartnershipEvent } from '../partnership/partnership.events';
import { handlePartnershipCommand } from '../partnership/partnership.store';
import { type InviteReseller, decideInviteReseller } from './invite-reseller.decide';

/**
 * InviteReseller on `partnership-{providerId}-{resellerId}`, with both partners' states read from their
 * streams; appended at the exact revision read (retried on a race).
 */
export function executeInviteReseller(store: EventStore, command: InviteReseller): Promise<CommandResult<PartnershipEvent>> {
  return handlePartnershipCommand(store, command.data, command.context, (state, inputs) => decideInviteReseller(command, state, inputs));
}
