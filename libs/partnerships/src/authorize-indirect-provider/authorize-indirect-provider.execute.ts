import type { CommandResult, EventStore } from '@ledger/event-store';
import type { PartnershipEvent } from '../partnership/partnership.events';
import { handlePartnershipCommand } from '../partnership/partnership.store';
import { type AuthorizeIndirectProvider, decideAuthorizeIndirectProvider } from './authorize-indirect-provider.decide';

/**
 * AuthorizeIndirectProvider on `partnership-{providerId}-{resellerId}`, with both partners' states read from their
 * streams; appended at the exact revision read (retried on a race).
 */
export function executeAuthorizeIndirectProvider(store: EventStore, command: AuthorizeIndirectProvider): Promise<CommandResult<PartnershipEvent>> {
  return handlePartnershipCommand(store, command.data, command.context, (state, inputs) => decideAuthorizeIndirectProvider(command, state, inputs));
}
