import type { TenantRegistryEvent } from './tenant-registry.events';
import type { TenantRegistryState } from './tenant-registry.state';

/** Folds one `tenant-*` event into the registry state. Never throws. */
export function evolveTenantRegistry(state: TenantRegistryState, event: TenantRegistryEvent): TenantRegistryState {
  const claimed =
    state.status === 'claimed'
      ? state
      : { status: 'claimed' as const, tenantId: event.data.tenantId, cspPartnerId: null, customerId: null };
  switch (event.type) {
    case 'CspTenantReserved':
      return { ...claimed, cspPartnerId: event.data.partnerId };
    case 'CustomerTenantRegistered':
      return { ...claimed, customerId: event.data.customerId };
    default:
      return state;
  }
}
