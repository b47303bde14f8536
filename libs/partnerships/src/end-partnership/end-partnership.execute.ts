import type { CommandResult, EventStore } from '@ledger/event-store';
import type { PartnershipEvent } from '../partnership/partnership.events';
import { handlePartnershipCommand } from '../partnership/partnership.store';
import { type EndPartnership, decideEndPartnership } from './end-partnership.decide';

/**
 * EndPartnership on `partnership-{providerId}-{resellerId}`, with both partners' states read from their
 * streams; appended at the exact revision read (retried on a race).
 */
export function executeEndPartnership(store: EventStore, command: EndPartnership): Promise<CommandResult<PartnershipEvent>> {
  return handlePartnershipCommand(store, command.data, command.context, (state, inputs) => decideEndPartnership(command, state, inputs));
}
