import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { CommandResult, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DelegateSubscriptionManagement } from '../subscription/subscription.commands';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { executeDelegateSubscriptionManagement } from './delegate-subscription-management.execute';

export class DelegateSubscriptionManagementCommand extends LedgerCommand<'DelegateSubscriptionManagement', DelegateSubscriptionManagement['data'], CommandResult<SubscriptionEvent>>('DelegateSubscriptionManagement') {}

@CommandHandler(DelegateSubscriptionManagementCommand)
export class DelegateSubscriptionManagementHandler implements ICommandHandler<DelegateSubscriptionManagementCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: DelegateSubscriptionManagementCommand): Promise<CommandResult<SubscriptionEvent>> {
    return executeDelegateSubscriptionManagement(this.store, command);
  }
}
