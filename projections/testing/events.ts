/**
 * Domain events for projection specs, typed with the bounded contexts' own event types so the specs
 * break when an event's shape changes. Tests only.
 */
import type { Cloud, PartnerRole, PartnerType } from '@ledger/kernel';
import type {
  PartnerEnrollmentApproved,
  PartnerEnrollmentRejected,
  PartnerEnrollmentSubmitted,
  PartnerUserAdded,
  PartnerUserRemoved,
  PartnerUserRolesChanged,
  PrimaryContactEmailVerified,
} from '@ledger/partners';
import type { IndirectProviderAuthorized, PartnershipEnded, ProviderTenantAdminAccessRemoved, ResellerInvited } from '@ledger/partnerships';
import type {
  CustomerRegistered,
  CustomerRelationshipRemoved,
  DelegatedAdminPrivilegesGranted,
  DelegatedAdminPrivilegesRevoked,
  RelationshipAccepted,
  RelationshipDeclined,
  RelationshipRequested,
  ResellerRelationshipEstablished,
} from '@ledger/customers';
import type {
  SubscriptionCancelled,
  SubscriptionManagementDelegated,
  SubscriptionPartnerSwitched,
  SubscriptionRecorded,
} from '@ledger/subscriptions';

export const partnerStream = (partnerId: string): string => `partner-${partnerId}`;
export const partnershipStream = (providerId: string, resellerId: string): string => `partnership-${providerId}-${resellerId}`;
export const customerStream = (customerId: string): string => `customer-${customerId}`;
export const subscriptionStream = (subscriptionId: string): string => `subscription-${subscriptionId}`;

/**
 * A UUID-shaped id spelling the label (at most 16 characters) in hex, so ids sort like their labels
 * and a failing assertion can be decoded.
 */
export function id(label: string): string {
  if (label.length > 16) throw new Error(`id label too long: ${label}`);
  const hex = Buffer.from(label).toString('hex').padEnd(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function enrollmentSubmitted(
  partnerId: string,
  partnerType: PartnerType,
  overrides: Partial<PartnerEnrollmentSubmitted['data']> = {},
): PartnerEnrollmentSubmitted {
  return {
    type: 'PartnerEnrollmentSubmitted',
    data: {
      partnerId,
      partnerType,
      mpnId: '1234567',
      cloud: 'global' as Cloud,
      tenantCountry: 'US',
      legalProfile: { name: `Partner ${partnerId.slice(-4)}`, address: '1 Main St', country: 'US' },
      primaryContact: { name: 'Pat', email: 'pat@contoso.com', phone: '+1 555 0100' },
      supportContact: { email: 'support@contoso.com', phone: '+1 555 0101' },
      ...overrides,
    },
  };
}

export function userAdded(partnerId: string, userId: string, roles: readonly PartnerRole[], email = `${userId.slice(-4)}@contoso.com`): PartnerUserAdded {
  return { type: 'PartnerUserAdded', data: { partnerId, userId, name: `User ${userId.slice(-4)}`, email, roles } };
}

export function contactVerified(partnerId: string): PrimaryContactEmailVerified {
  return { type: 'PrimaryContactEmailVerified', data: { partnerId, email: 'pat@contoso.com', token: 'token-1' } };
}

export function approved(partnerId: string): PartnerEnrollmentApproved {
  return { type: 'PartnerEnrollmentApproved', data: { partnerId } };
}

export function rejected(partnerId: string, reason: string): PartnerEnrollmentRejected {
  return { type: 'PartnerEnrollmentRejected', data: { partnerId, reason } };
}

export function rolesChanged(partnerId: string, userId: string, roles: readonly PartnerRole[], previousRoles: readonly PartnerRole[]): PartnerUserRolesChanged {
  return { type: 'PartnerUserRolesChanged', data: { partnerId, userId, roles, previousRoles } };
}

export function userRemoved(partnerId: string, userId: string): PartnerUserRemoved {
  return { type: 'PartnerUserRemoved', data: { partnerId, userId } };
}

/** Enrollment, verification and approval of a partner, with its enrolling user. */
export function approvedPartner(partnerId: string, partnerType: PartnerType, overrides: Partial<PartnerEnrollmentSubmitted['data']> = {}) {
  return [
    enrollmentSubmitted(partnerId, partnerType, overrides),
    userAdded(partnerId, id(`u-${partnerId.slice(-6)}`), ['global-admin', 'admin-agent']),
    contactVerified(partnerId),
    approved(partnerId),
  ];
}

export function resellerInvited(invitationId: string, providerId: string, resellerId: string): ResellerInvited {
  return { type: 'ResellerInvited', data: { invitationId, providerId, resellerId } };
}

export function providerAuthorized(invitationId: string, providerId: string, resellerId: string): IndirectProviderAuthorized {
  return { type: 'IndirectProviderAuthorized', data: { invitationId, providerId, resellerId, grants: ['submit-orders', 'reseller-tenant-admin'] } };
}

export function tenantAdminAccessRemoved(providerId: string, resellerId: string): ProviderTenantAdminAccessRemoved {
  return { type: 'ProviderTenantAdminAccessRemoved', data: { providerId, resellerId } };
}

export function partnershipEnded(providerId: string, resellerId: string, endedBy: 'provider' | 'reseller' = 'reseller'): PartnershipEnded {
  return { type: 'PartnershipEnded', data: { providerId, resellerId, endedBy, reason: 'no longer working together' } };
}

export function customerRegistered(customerId: string, overrides: Partial<CustomerRegistered['data']> = {}): CustomerRegistered {
  return {
    type: 'CustomerRegistered',
    data: { customerId, companyName: `Customer ${customerId.slice(-4)}`, domain: `c${customerId.slice(-4)}.onmicrosoft.com`, country: 'US', cloud: 'global', ...overrides },
  };
}

export function relationshipRequested(
  customerId: string,
  requestId: string,
  partners: readonly string[],
  delegatedAdminFor: readonly string[] = [],
): RelationshipRequested {
  return {
    type: 'RelationshipRequested',
    data: { customerId, requestId, partners, delegatedAdminFor, ...(partners.length > 1 ? { indirectProviderId: partners[1]! } : {}) },
  };
}

/** What AcceptRelationship appends for a request: accepted, then establishments and grants. */
export function accepted(
  customerId: string,
  requestId: string,
  partners: readonly string[],
  delegatedAdminFor: readonly string[] = [],
  options: { alreadyActive?: readonly string[]; alreadyGranted?: readonly string[] } = {},
): (RelationshipAccepted | ResellerRelationshipEstablished | DelegatedAdminPrivilegesGranted)[] {
  return [
    { type: 'RelationshipAccepted', data: { customerId, requestId, partners, delegatedAdminFor } },
    ...partners
      .filter((partnerId) => !options.alreadyActive?.includes(partnerId))
      .map((partnerId): ResellerRelationshipEstablished => ({ type: 'ResellerRelationshipEstablished', data: { customerId, partnerId, requestId } })),
    ...delegatedAdminFor
      .filter((partnerId) => !options.alreadyGranted?.includes(partnerId))
      .map((partnerId): DelegatedAdminPrivilegesGranted => ({ type: 'DelegatedAdminPrivilegesGranted', data: { customerId, partnerId, requestId } })),
  ];
}

export function declined(customerId: string, requestId: string, partners: readonly string[]): RelationshipDeclined {
  return { type: 'RelationshipDeclined', data: { customerId, requestId, partners } };
}

export function relationshipRemoved(customerId: string, partnerId: string): CustomerRelationshipRemoved {
  return {
    type: 'CustomerRelationshipRemoved',
    data: {
      customerId,
      partnerId,
      attestation: { goodFaith: true, legitimateBusinessPurpose: 'contract ended' },
      legalNotice: { required: false },
    },
  };
}

export function dapRevoked(customerId: string, partnerId: string, revokedBy: 'customer' | 'partner' = 'customer'): DelegatedAdminPrivilegesRevoked {
  return { type: 'DelegatedAdminPrivilegesRevoked', data: { customerId, partnerId, revokedBy } };
}

export function subscriptionRecorded(
  subscriptionId: string,
  customerId: string,
  overrides: Partial<SubscriptionRecorded['data']> = {},
): SubscriptionRecorded {
  return { type: 'SubscriptionRecorded', data: { subscriptionId, customerId, offer: 'Office 365 E3', billing: 'license', channel: 'direct', ...overrides } };
}

export function managementDelegated(subscriptionId: string, customerId: string, partnerId: string): SubscriptionManagementDelegated {
  return { type: 'SubscriptionManagementDelegated', data: { subscriptionId, customerId, partnerId } };
}

export function partnerSwitched(subscriptionId: string, customerId: string, fromPartnerId: string, toPartnerId: string): SubscriptionPartnerSwitched {
  return { type: 'SubscriptionPartnerSwitched', data: { subscriptionId, customerId, fromPartnerId, toPartnerId } };
}

export function subscriptionCancelled(subscriptionId: string, customerId: string, cancelledBy: 'partner' | 'customer' = 'customer'): SubscriptionCancelled {
  return { type: 'SubscriptionCancelled', data: { subscriptionId, customerId, cancelledBy } };
}
