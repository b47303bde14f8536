// Partnership aggregate (stream partnership-{providerId}-{resellerId})
export * from './partnership/partnership.events';
export * from './partnership/partnership.state';
export * from './partnership/partnership.evolve';
export * from './partnership/partnership.rules';
export * from './partnership/partnership.errors';
export * from './partnership/partnership.inputs';

// Command slices
export * from './invite-reseller/invite-reseller.decide';
export * from './authorize-indirect-provider/authorize-indirect-provider.decide';
export * from './remove-provider-tenant-admin-access/remove-provider-tenant-admin-access.decide';
export * from './end-partnership/end-partnership.decide';

// Execute functions (framework-free handlers over the EventStore port)
export * from './partnership/partnership.store';
export * from './invite-reseller/invite-reseller.execute';
export * from './authorize-indirect-provider/authorize-indirect-provider.execute';
export * from './remove-provider-tenant-admin-access/remove-provider-tenant-admin-access.execute';
export * from './end-partnership/end-partnership.execute';
