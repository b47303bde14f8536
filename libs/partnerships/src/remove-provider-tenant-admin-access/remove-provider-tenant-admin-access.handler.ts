import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { PartnershipEvent } from '../partnership/partnership.events';
import type { RemoveProviderTenantAdminAccess } from './remove-provider-tenant-admin-access.decide';
import { executeRemoveProviderTenantAdminAccess } from './remove-provider-tenant-admin-access.execute';

export class RemoveProviderTenantAdminAccessCommand extends LedgerCommand<
  'RemoveProviderTenantAdminAccess',
  RemoveProviderTenantAdminAccess['data'],
  CommandResult<PartnershipEvent>
>('RemoveProviderTenantAdminAccess') {}

@CommandHandler(RemoveProviderTenantAdminAccessCommand)
export class RemoveProviderTenantAdminAccessHandler implements ICommandHandler<RemoveProviderTenantAdminAccessCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: RemoveProviderTenantAdminAccessCommand): Promise<CommandResult<PartnershipEvent>> {
    return executeRemoveProviderTenantAdminAccess(this.store, command);
  }
}
