/**
 * The pure domain of `@ledger/partnerships`: events, state, evolve, rules, errors and deciders.
 * Pure code elsewhere imports this entry (`@ledger/partnerships/domain`), never the package root, which
 * also exports the execute functions and so reaches the event store.
 */
export * from './partnership/partnership.events';
export * from './partnership/partnership.state';
export * from './partnership/partnership.evolve';
export * from './partnership/partnership.rules';
export * from './partnership/partnership.errors';
export * from './partnership/partnership.inputs';
export * from './invite-reseller/invite-reseller.decide';
export * from './authorize-indirect-provider/authorize-indirect-provider.decide';
export * from './remove-provider-tenant-admin-access/remove-provider-tenant-admin-access.decide';
export * from './end-partnership/end-partnership.decide';
