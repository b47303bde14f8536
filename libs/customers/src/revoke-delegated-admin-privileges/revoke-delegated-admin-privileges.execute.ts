import type { CommandResult, EventStore } from '@ledger/event-store';
import type { RevokeDelegatedAdminPrivileges } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { handleCustomerCommand } from '../customer/customer.handle';
import { loadPartnerState } from '../customer/customer.load';
import { decideRevokeDelegatedAdminPrivileges } from './revoke-delegated-admin-privileges.decide';

/** RevokeDelegatedAdminPrivileges, end to end: loads the partner named (404 if unknown; its admins and approval). */
export function executeRevokeDelegatedAdminPrivileges(
  store: EventStore,
  command: RevokeDelegatedAdminPrivileges,
): Promise<CommandResult<CustomerEvent>> {
  return handleCustomerCommand(store, command.data.customerId, command.context, async (state) =>
    decideRevokeDelegatedAdminPrivileges(command, state, { partner: await loadPartnerState(store, command.data.partnerId) }),
  );
}
