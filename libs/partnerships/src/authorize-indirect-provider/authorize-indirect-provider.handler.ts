import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { PartnershipEvent } from '../partnership/partnership.events';
import type { AuthorizeIndirectProvider } from './authorize-indirect-provider.decide';
import { executeAuthorizeIndirectProvider } from './authorize-indirect-provider.execute';

export class AuthorizeIndirectProviderCommand extends LedgerCommand<
  'AuthorizeIndirectProvider',
  AuthorizeIndirectProvider['data'],
  CommandResult<PartnershipEvent>
>('AuthorizeIndirectProvider') {}

@CommandHandler(AuthorizeIndirectProviderCommand)
export class AuthorizeIndirectProviderHandler implements ICommandHandler<AuthorizeIndirectProviderCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: AuthorizeIndirectProviderCommand): Promise<CommandResult<PartnershipEvent>> {
    return executeAuthorizeIndirectProvider(this.store, command);
  }
}
