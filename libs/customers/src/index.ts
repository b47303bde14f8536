// The pure domain (events, state, evolve, rules, deciders): also importable alone as @ledger/customers/domain
export * from './domain';

// Execute functions: the framework-free handlers over the EventStore port
export * from './customer/customer.load';
export * from './customer/customer.handle';
export * from './register-customer/register-customer.execute';
export * from './request-reseller-relationship/request-reseller-relationship.execute';
export * from './invite-customer-with-indirect-provider/invite-customer-with-indirect-provider.execute';
export * from './accept-relationship/accept-relationship.execute';
export * from './decline-relationship/decline-relationship.execute';
export * from './remove-customer-relationship/remove-customer-relationship.execute';
export * from './revoke-delegated-admin-privileges/revoke-delegated-admin-privileges.execute';
