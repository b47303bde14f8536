// The pure domain (events, state, evolve, rules, deciders): also importable alone as @ledger/partnerships/domain
export * from './domain';

// Execute functions: the framework-free handlers over the EventStore port
export * from './partnership/partnership.store';
export * from './invite-reseller/invite-reseller.execute';
export * from './authorize-indirect-provider/authorize-indirect-provider.execute';
export * from './remove-provider-tenant-admin-access/remove-provider-tenant-admin-access.execute';
export * from './end-partnership/end-partnership.execute';
