import type { TenantRegistryState } from './tenant-registry.state';

/**
 * The tenant is the CSP tenant of an enrolled partner — whatever that partner's enrollment status
 * (pending, approved or rejected): enrolment claims the tenant for CSP. Such a tenant may not be
 * registered as a customer: a CSP partner cannot resell online services to another CSP partner.
 * (A partner's other, non-CSP tenants are never reserved, so they stay ordinary customers.)
 */
export function isCspPartnerTenant(state: TenantRegistryState): boolean {
  return state.status === 'claimed' && state.cspPartnerId !== null;
}

/** The partner whose CSP tenant this is, or null. */
export function cspPartnerOfTenant(state: TenantRegistryState): string | null {
  return state.status === 'claimed' ? state.cspPartnerId : null;
}

/** The tenant has been registered as a customer. */
export function isRegisteredCustomerTenant(state: TenantRegistryState): boolean {
  return state.status === 'claimed' && state.customerId !== null;
}
