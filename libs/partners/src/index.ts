// Partner aggregate (stream partner-{partnerId})
export * from './partner/partner.events';
export * from './partner/partner.state';
export * from './partner/partner.evolve';
export * from './partner/partner.rules';
export * from './partner/partner.errors';
export * from './access/partner-access';
export * from './access/program-access';

// Reservation streams (mpn-{mpnId}, tenant-{tenantId}); see docs/decisions/0002-cross-aggregate-rules.md
export * from './mpn-registry';
export * from './tenant-registry';

// Command slices
export * from './enroll-partner/enroll-partner.decide';
export * from './verify-primary-contact-email/verify-primary-contact-email.decide';
export * from './approve-enrollment/approve-enrollment.decide';
export * from './reject-enrollment/reject-enrollment.decide';
export * from './add-partner-user/add-partner-user.decide';
export * from './change-partner-user-roles/change-partner-user-roles.decide';
export * from './remove-partner-user/remove-partner-user.decide';

// Execute functions (framework-free handlers over the EventStore port)
export * from './partner/partner.store';
export * from './enroll-partner/enroll-partner.execute';
export * from './verify-primary-contact-email/verify-primary-contact-email.execute';
export * from './approve-enrollment/approve-enrollment.execute';
export * from './reject-enrollment/reject-enrollment.execute';
export * from './add-partner-user/add-partner-user.execute';
export * from './change-partner-user-roles/change-partner-user-roles.execute';
export * from './remove-partner-user/remove-partner-user.execute';
