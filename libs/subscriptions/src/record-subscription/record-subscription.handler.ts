import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { CommandResult, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RecordSubscription } from '../subscription/subscription.commands';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { executeRecordSubscription } from './record-subscription.execute';

export class RecordSubscriptionCommand extends LedgerCommand<'RecordSubscription', RecordSubscription['data'], CommandResult<SubscriptionEvent>>('RecordSubscription') {}

@CommandHandler(RecordSubscriptionCommand)
export class RecordSubscriptionHandler implements ICommandHandler<RecordSubscriptionCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: RecordSubscriptionCommand): Promise<CommandResult<SubscriptionEvent>> {
    return executeRecordSubscription(this.store, command);
  }
}
