import { EmptySubscriptionCommandBody } from '../subscription/subscription.http';

/** `POST /v1/subscriptions/{subscriptionId}/cancellation` body: `{}`. */
export class CancelSubscriptionDto extends EmptySubscriptionCommandBody {}
