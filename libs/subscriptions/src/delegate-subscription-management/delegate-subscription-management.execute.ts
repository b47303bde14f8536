import type { CommandResult, EventStore } from '@ledger/event-store';
import type { DelegateSubscriptionManagement } from '../subscription/subscription.commands';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { executeSubscriptionCommand } from '../subscription/subscription.handle';

/** DelegateSubscriptionManagement, end to end: loads the customer and the partner concerned from their streams, decides, appends. */
export function executeDelegateSubscriptionManagement(store: EventStore, command: DelegateSubscriptionManagement): Promise<CommandResult<SubscriptionEvent>> {
  return executeSubscriptionCommand(store, command);
}
