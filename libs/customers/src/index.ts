// Customer aggregate (stream customer-{customerId}): reseller relationships, requests and DAP grants
export * from './customer/customer.events';
export * from './customer/customer.state';
export * from './customer/customer.evolve';
export * from './customer/customer.rules';
export * from './customer/customer.errors';
export * from './customer/customer.commands';
export * from './customer/customer.access';
export * from './customer/customer.decider';
export * from './customer/customer.load';
export * from './customer/customer.handle';

// Command slices: pure decide + execute over the event store
export * from './register-customer/register-customer.decide';
export * from './register-customer/register-customer.execute';
export * from './request-reseller-relationship/request-reseller-relationship.decide';
export * from './request-reseller-relationship/request-reseller-relationship.execute';
export * from './invite-customer-with-indirect-provider/invite-customer-with-indirect-provider.decide';
export * from './invite-customer-with-indirect-provider/invite-customer-with-indirect-provider.execute';
export * from './accept-relationship/accept-relationship.decide';
export * from './accept-relationship/accept-relationship.execute';
export * from './decline-relationship/decline-relationship.decide';
export * from './decline-relationship/decline-relationship.execute';
export * from './remove-customer-relationship/remove-customer-relationship.decide';
export * from './remove-customer-relationship/remove-customer-relationship.execute';
export * from './revoke-delegated-admin-privileges/revoke-delegated-admin-privileges.decide';
export * from './revoke-delegated-admin-privileges/revoke-delegated-admin-privileges.execute';

// Domain §4.5: may partner P do A for customer C as of T, and why
export * from './authorization-check/authorization-check';
