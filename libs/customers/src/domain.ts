/**
 * The pure domain of `@ledger/customers`: events, state, evolve, rules, errors and deciders.
 * Pure code elsewhere imports this entry (`@ledger/customers/domain`), never the package root, which
 * also exports the execute functions and so reaches the event store.
 */
export * from './customer/customer.events';
export * from './customer/customer.state';
export * from './customer/customer.evolve';
export * from './customer/customer.fold';
export * from './customer/customer.rules';
export * from './customer/customer.errors';
export * from './customer/customer.commands';
export * from './customer/customer.access';
export * from './customer/customer.decider';
export * from './register-customer/register-customer.decide';
export * from './request-reseller-relationship/request-reseller-relationship.decide';
export * from './invite-customer-with-indirect-provider/invite-customer-with-indirect-provider.decide';
export * from './accept-relationship/accept-relationship.decide';
export * from './decline-relationship/decline-relationship.decide';
export * from './remove-customer-relationship/remove-customer-relationship.decide';
export * from './revoke-delegated-admin-privileges/revoke-delegated-admin-privileges.decide';
export * from './authorization-check/authorization-check';
