import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { CommandResult, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CancelSubscription } from '../subscription/subscription.commands';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { executeCancelSubscription } from './cancel-subscription.execute';

export class CancelSubscriptionCommand extends LedgerCommand<'CancelSubscription', CancelSubscription['data'], CommandResult<SubscriptionEvent>>('CancelSubscription') {}

@CommandHandler(CancelSubscriptionCommand)
export class CancelSubscriptionHandler implements ICommandHandler<CancelSubscriptionCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: CancelSubscriptionCommand): Promise<CommandResult<SubscriptionEvent>> {
    return executeCancelSubscription(this.store, command);
  }
}
