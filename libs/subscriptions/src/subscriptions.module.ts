import { Module } from '@nestjs/common';
import { CancelSubscriptionController } from './cancel-subscription/cancel-subscription.controller';
import { CancelSubscriptionHandler } from './cancel-subscription/cancel-subscription.handler';
import { DelegateSubscriptionManagementController } from './delegate-subscription-management/delegate-subscription-management.controller';
import { DelegateSubscriptionManagementHandler } from './delegate-subscription-management/delegate-subscription-management.handler';
import { RecordSubscriptionController } from './record-subscription/record-subscription.controller';
import { RecordSubscriptionHandler } from './record-subscription/record-subscription.handler';
import { SwitchSubscriptionPartnerController } from './switch-subscription-partner/switch-subscription-partner.controller';
import { SwitchSubscriptionPartnerHandler } from './switch-subscription-partner/switch-subscription-partner.handler';

/**
 * The subscriptions context over HTTP (domain §4.4, api.md Writes): one thin controller per
 * command slice dispatching through the CommandBus to a handler that runs the slice's execute
 * function on the process's event store. Not exported from `@ledger/subscriptions` (its index is
 * pure domain); the app imports this file by path.
 */
@Module({
  controllers: [
    RecordSubscriptionController,
    DelegateSubscriptionManagementController,
    SwitchSubscriptionPartnerController,
    CancelSubscriptionController,
  ],
  providers: [
    RecordSubscriptionHandler,
    DelegateSubscriptionManagementHandler,
    SwitchSubscriptionPartnerHandler,
    CancelSubscriptionHandler,
  ],
})
export class SubscriptionsModule {}
