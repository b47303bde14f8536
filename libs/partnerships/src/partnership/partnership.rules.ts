import type { Cloud } from '@ledger/kernel';
import type { EnrolledPartnerState, PartnerState } from '@ledger/partners/domain';
import type { PartnershipState } from './partnership.state';

/** The partner is an indirect provider (distributor), the only type that may invite resellers. */
export function isIndirectProvider(partner: EnrolledPartnerState): boolean {
  return partner.partnerType === 'indirect-provider';
}

/** The partner is an approved indirect reseller: only those may be invited. */
export function isApprovedIndirectReseller(partner: PartnerState): boolean {
  return partner.status === 'approved' && partner.partnerType === 'indirect-reseller';
}

/** Nothing crosses clouds: both partners live in the same cloud instance. */
export function isSameCloud(a: { readonly cloud: Cloud }, b: { readonly cloud: Cloud }): boolean {
  return a.cloud === b.cloud;
}

/** The pair already works together or has an open invitation (`partnership-exists`). */
export function isActiveOrInvited(state: PartnershipState): boolean {
  return state.status === 'active' || state.status === 'invited';
}

/**
 * The partnership is active: the reseller authorized the provider and neither side ended it.
 * This is the fact InviteCustomerWithIndirectProvider (libs/customers) needs.
 */
export function isActivePartnership(state: PartnershipState): state is Extract<PartnershipState, { status: 'active' }> {
  return state.status === 'active';
}

/** The invitation id was ever issued for this pair (else it is unknown: 404). */
export function isKnownInvitation(state: PartnershipState, invitationId: string): boolean {
  return state.status !== 'none' && state.invitationIds.includes(invitationId);
}

/** The invitation is the pair's open one (else it is no longer open: 409). */
export function isOpenInvitation(state: PartnershipState, invitationId: string): boolean {
  return state.status === 'invited' && state.openInvitation.invitationId === invitationId;
}

/** The provider still holds admin access to the reseller's tenant. */
export function providerHasTenantAdminAccess(state: PartnershipState): boolean {
  return state.status === 'active' && state.grants.includes('reseller-tenant-admin');
}
