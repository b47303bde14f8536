// The pure domain (events, state, evolve, rules, deciders): also importable alone as @ledger/partners/domain
export * from './domain';

// Execute functions: the framework-free handlers over the EventStore port
export * from './partner/partner.store';
export * from './enroll-partner/enroll-partner.execute';
export * from './verify-primary-contact-email/verify-primary-contact-email.execute';
export * from './approve-enrollment/approve-enrollment.execute';
export * from './reject-enrollment/reject-enrollment.execute';
export * from './add-partner-user/add-partner-user.execute';
export * from './change-partner-user-roles/change-partner-user-roles.execute';
export * from './remove-partner-user/remove-partner-user.execute';
