/**
 * The pure domain of `@ledger/subscriptions`: events, state, evolve, rules, errors and deciders.
 * Pure code elsewhere imports this entry (`@ledger/subscriptions/domain`), never the package root, which
 * also exports the execute functions and so reaches the event store.
 */
export * from './subscription/subscription.events';
export * from './subscription/subscription.state';
export * from './subscription/subscription.evolve';
export * from './subscription/subscription.rules';
export * from './subscription/subscription.errors';
export * from './subscription/subscription.commands';
export * from './subscription/subscription.access';
export * from './subscription/subscription.decider';
export * from './record-subscription/record-subscription.decide';
export * from './delegate-subscription-management/delegate-subscription-management.decide';
export * from './switch-subscription-partner/switch-subscription-partner.decide';
export * from './cancel-subscription/cancel-subscription.decide';
