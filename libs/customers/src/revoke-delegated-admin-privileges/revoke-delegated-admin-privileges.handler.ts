import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { CommandResult, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RevokeDelegatedAdminPrivileges } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { executeRevokeDelegatedAdminPrivileges } from './revoke-delegated-admin-privileges.execute';

export class RevokeDelegatedAdminPrivilegesCommand extends LedgerCommand<'RevokeDelegatedAdminPrivileges', RevokeDelegatedAdminPrivileges['data'], CommandResult<CustomerEvent>>('RevokeDelegatedAdminPrivileges') {}

@CommandHandler(RevokeDelegatedAdminPrivilegesCommand)
export class RevokeDelegatedAdminPrivilegesHandler implements ICommandHandler<RevokeDelegatedAdminPrivilegesCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: RevokeDelegatedAdminPrivilegesCommand): Promise<CommandResult<CustomerEvent>> {
    return executeRevokeDelegatedAdminPrivileges(this.store, command);
  }
}
