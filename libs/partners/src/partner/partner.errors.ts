import { DomainError, conflict, notFound, unprocessable } from '@ledger/kernel';

/** The stable error codes of domain §4.1, one constructor each so codes are spelled once. */
export const partnerErrors = {
  alreadyEnrolled: (partnerId: string): DomainError =>
    conflict('already-enrolled', `Partner ${partnerId} is already enrolled.`),
  mpnCountryMismatch: (legalCountry: string, tenantCountry: string): DomainError =>
    unprocessable(
      'mpn-country-mismatch',
      `The MPN organisation profile is in ${legalCountry} but the tenant is in ${tenantCountry}; they must be the same country.`,
    ),
  webmailNotAccepted: (email: string): DomainError =>
    unprocessable('webmail-not-accepted', `The primary contact email ${email} is at a web-based mail service.`),
  mpnIdInUse: (mpnId: string): DomainError =>
    conflict('mpn-id-in-use', `MPN id ${mpnId} is already used by another partner.`),
  notPending: (partnerId: string, status: string): DomainError =>
    conflict('not-pending', `The enrollment of partner ${partnerId} is not pending (${status}).`),
  contactNotVerified: (partnerId: string): DomainError =>
    conflict('contact-not-verified', `The primary contact of partner ${partnerId} has not verified its email address.`),
  duplicateUserEmail: (field: 'userId' | 'email', value: string): DomainError =>
    new DomainError(
      'duplicate-user-email',
      'conflict',
      field === 'userId' ? `User ${value} is already a user of this partner.` : `Email ${value} is already used by a user of this partner.`,
      { field },
    ),
  userNotFound: (partnerId: string, userId: string): DomainError =>
    notFound('user-not-found', `User ${userId} is not a user of partner ${partnerId}.`),
  lastGlobalAdmin: (userId: string): DomainError =>
    conflict('last-global-admin', `User ${userId} is the partner's last global admin; a partner keeps at least one.`),
};
