import type { DomainEvent } from '@ledger/kernel';

/**
 * The tenant registry (stream `tenant-{tenantId}`) records which roles a directory tenant plays in
 * the ledger. It exists so that "this tenant is a CSP partner's tenant" can be checked and written
 * with optimistic concurrency on ONE stream, by both EnrollPartner and RegisterCustomer
 * (docs/decisions/0002-cross-aggregate-rules.md). Its events are internal to the write side but
 * stored and published like any other.
 */
export const tenantRegistryStream = (tenantId: string): string => `tenant-${tenantId}`;

/**
 * The tenant became the CSP tenant of an enrolled partner. Appended by EnrollPartner before the
 * partner's own events; from then on the tenant may not be registered as a customer
 * (`csp-partner-cannot-resell-to-csp-partner`). Never withdrawn: a partner's id is its tenant id.
 */
export type CspTenantReserved = DomainEvent<
  'CspTenantReserved',
  {
    /** The directory tenant (UUID); equal to `partnerId`, since a partner is identified by its CSP tenant. */
    readonly tenantId: string;
    /** The partner that enrolled with this tenant. */
    readonly partnerId: string;
  }
>;

/**
 * The tenant was registered as a customer. Appended by RegisterCustomer (libs/customers) together
 * with its check that the tenant is not a CSP partner's tenant, so an enrollment racing with the
 * registration is serialised by this stream's revision.
 */
export type CustomerTenantRegistered = DomainEvent<
  'CustomerTenantRegistered',
  {
    /** The directory tenant (UUID). */
    readonly tenantId: string;
    /** The customer registered for it; equal to `tenantId`, since a customer is identified by its tenant. */
    readonly customerId: string;
  }
>;

/** Every event of a `tenant-*` stream. */
export type TenantRegistryEvent = CspTenantReserved | CustomerTenantRegistered;

export const TENANT_REGISTRY_EVENT_TYPES: readonly TenantRegistryEvent['type'][] = [
  'CspTenantReserved',
  'CustomerTenantRegistered',
];
