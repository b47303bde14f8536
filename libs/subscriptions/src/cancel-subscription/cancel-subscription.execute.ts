import type { CommandResult, EventStore } from '@ledger/event-store';
import type { CancelSubscription } from '../subscription/subscription.commands';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { executeSubscriptionCommand } from '../subscription/subscription.handle';

/** CancelSubscription, end to end: loads the customer and the partner concerned from their streams, decides, appends. */
export function executeCancelSubscription(store: EventStore, command: CancelSubscription): Promise<CommandResult<SubscriptionEvent>> {
  return executeSubscriptionCommand(store, command);
}
