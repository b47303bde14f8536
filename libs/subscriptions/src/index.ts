// The pure domain (events, state, evolve, rules, deciders): also importable alone as @ledger/subscriptions/domain
export * from './domain';

// Execute functions: the framework-free handlers over the EventStore port
export * from './subscription/subscription.handle';
export * from './record-subscription/record-subscription.execute';
export * from './delegate-subscription-management/delegate-subscription-management.execute';
export * from './switch-subscription-partner/switch-subscription-partner.execute';
export * from './cancel-subscription/cancel-subscription.execute';
