/**
 * What the ledger knows about one directory tenant (stream `tenant-{tenantId}`):
 * `unclaimed` until the first registry event; then `claimed`, with the partner that uses it as
 * its CSP tenant and/or the customer registered for it. Both may be set: a tenant registered as a
 * customer first may later enrol in CSP (no rule forbids that order; see decision 0002).
 */
export type TenantRegistryState =
  | { readonly status: 'unclaimed' }
  | {
      readonly status: 'claimed';
      readonly tenantId: string;
      /** The partner whose CSP tenant this is, or null. */
      readonly cspPartnerId: string | null;
      /** The customer registered for this tenant, or null. */
      readonly customerId: string | null;
    };

export const initialTenantRegistryState: TenantRegistryState = { status: 'unclaimed' };
