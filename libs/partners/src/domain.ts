/**
 * The pure domain of `@ledger/partners`: events, state, evolve, rules, errors and deciders.
 * Pure code elsewhere imports this entry (`@ledger/partners/domain`), never the package root, which
 * also exports the execute functions and so reaches the event store.
 */
export * from './partner/partner.events';
export * from './partner/partner.state';
export * from './partner/partner.evolve';
export * from './partner/partner.rules';
export * from './partner/partner.errors';
export * from './access/partner-access';
export * from './access/program-access';
export * from './mpn-registry';
export * from './tenant-registry';
export * from './enroll-partner/enroll-partner.decide';
export * from './verify-primary-contact-email/verify-primary-contact-email.decide';
export * from './approve-enrollment/approve-enrollment.decide';
export * from './reject-enrollment/reject-enrollment.decide';
export * from './add-partner-user/add-partner-user.decide';
export * from './change-partner-user-roles/change-partner-user-roles.decide';
export * from './remove-partner-user/remove-partner-user.decide';
