import type { CommandResult, EventStore } from '@ledger/event-store';
import type { RecordSubscription } from '../subscription/subscription.commands';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { executeSubscriptionCommand } from '../subscription/subscription.handle';

/** RecordSubscription, end to end: loads the customer and the partner concerned from their streams, decides, appends. */
export function executeRecordSubscription(store: EventStore, command: RecordSubscription): Promise<CommandResult<SubscriptionEvent>> {
  return executeSubscriptionCommand(store, command);
}
