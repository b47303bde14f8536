import { EVENT_STORE, LedgerCommand } from '@ledger/api';
import type { CommandResult, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SwitchSubscriptionPartner } from '../subscription/subscription.commands';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { executeSwitchSubscriptionPartner } from './switch-subscription-partner.execute';

export class SwitchSubscriptionPartnerCommand extends LedgerCommand<'SwitchSubscriptionPartner', SwitchSubscriptionPartner['data'], CommandResult<SubscriptionEvent>>('SwitchSubscriptionPartner') {}

@CommandHandler(SwitchSubscriptionPartnerCommand)
export class SwitchSubscriptionPartnerHandler implements ICommandHandler<SwitchSubscriptionPartnerCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: SwitchSubscriptionPartnerCommand): Promise<CommandResult<SubscriptionEvent>> {
    return executeSwitchSubscriptionPartner(this.store, command);
  }
}
