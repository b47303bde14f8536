import type { CommandResult, EventStore } from '@ledger/event-store';
import type { PartnershipEvent } from '../partnership/partnership.events';
import { handlePartnershipCommand } from '../partnership/partnership.store';
import { type RemoveProviderTenantAdminAccess, decideRemoveProviderTenantAdminAccess } from './remove-provider-tenant-admin-access.decide';

/**
 * RemoveProviderTenantAdminAccess on `partnership-{providerId}-{resellerId}`, with both partners' states read from their
 * streams; appended at the exact revision read (retried on a race).
 */
export function executeRemoveProviderTenantAdminAccess(store: EventStore, command: RemoveProviderTenantAdminAccess): Promise<CommandResult<PartnershipEvent>> {
  return handlePartnershipCommand(store, command.data, command.context, (state, inputs) => decideRemoveProviderTenantAdminAccess(command, state, inputs));
}
