import type { CommandResult, EventStore } from '@ledger/event-store';
import type { SwitchSubscriptionPartner } from '../subscription/subscription.commands';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { executeSubscriptionCommand } from '../subscription/subscription.handle';

/** SwitchSubscriptionPartner, end to end: loads the customer and the partner concerned from their streams, decides, appends. */
export function executeSwitchSubscriptionPartner(store: EventStore, command: SwitchSubscriptionPartner): Promise<CommandResult<SubscriptionEvent>> {
  return executeSubscriptionCommand(store, command);
}
