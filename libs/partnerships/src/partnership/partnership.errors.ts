import { DomainError, conflict, notFound, unprocessable } from '@ledger/kernel';

/** The stable error codes of domain §4.2, spelled once. */
export const partnershipErrors = {
  notAnIndirectProvider: (providerId: string): DomainError =>
    conflict('not-an-indirect-provider', `Partner ${providerId} is not an indirect provider.`),
  notAnIndirectReseller: (resellerId: string): DomainError =>
    conflict('not-an-indirect-reseller', `Partner ${resellerId} is not an approved indirect reseller.`),
  crossCloud: (providerId: string, resellerId: string): DomainError =>
    conflict('cross-cloud', `Partners ${providerId} and ${resellerId} live in different clouds; nothing crosses clouds.`),
  partnershipExists: (providerId: string, resellerId: string): DomainError =>
    conflict(
      'partnership-exists',
      `Provider ${providerId} and reseller ${resellerId} already have an active partnership or an open invitation.`,
    ),
  invitationUnknown: (invitationId: string): DomainError =>
    notFound('invitation-not-found', `Invitation ${invitationId} does not exist for this provider and reseller.`),
  invitationNotOpen: (invitationId: string): DomainError =>
    new DomainError('invitation-not-found', 'conflict', `Invitation ${invitationId} is no longer open.`),
  consentRequired: (): DomainError =>
    unprocessable('consent-required', 'Authorizing an indirect provider requires consent: check the box.'),
  partnershipNotFound: (providerId: string, resellerId: string): DomainError =>
    conflict('partnership-not-found', `Provider ${providerId} and reseller ${resellerId} have no active partnership.`),
  noTenantAdminAccess: (providerId: string, resellerId: string): DomainError =>
    conflict('no-tenant-admin-access', `Provider ${providerId} has no admin access to the tenant of reseller ${resellerId} any more.`),
};
