// Subscription aggregate (stream subscription-{subscriptionId}): channels and partner of record
export * from './subscription/subscription.events';
export * from './subscription/subscription.state';
export * from './subscription/subscription.evolve';
export * from './subscription/subscription.rules';
export * from './subscription/subscription.errors';
export * from './subscription/subscription.commands';
export * from './subscription/subscription.access';
export * from './subscription/subscription.decider';
export * from './subscription/subscription.handle';

// Command slices: pure decide + execute over the event store
export * from './record-subscription/record-subscription.decide';
export * from './record-subscription/record-subscription.execute';
export * from './delegate-subscription-management/delegate-subscription-management.decide';
export * from './delegate-subscription-management/delegate-subscription-management.execute';
export * from './switch-subscription-partner/switch-subscription-partner.decide';
export * from './switch-subscription-partner/switch-subscription-partner.execute';
export * from './cancel-subscription/cancel-subscription.decide';
export * from './cancel-subscription/cancel-subscription.execute';
