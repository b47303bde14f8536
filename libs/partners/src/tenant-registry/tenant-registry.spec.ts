import { fold } from '@ledger/kernel';
import {
  type TenantRegistryEvent,
  cspPartnerOfTenant,
  evolveTenantRegistry,
  initialTenantRegistryState,
  isCspPartnerTenant,
  isRegisteredCustomerTenant,
  tenantRegistryStream,
} from '@ledger/partners';

const tenantId = '2b1f9f0e-3a52-4c35-9d64-6c0b8f8f1a01';
const replay = (events: TenantRegistryEvent[]) => fold(evolveTenantRegistry, initialTenantRegistryState, events);

describe('tenant registry', () => {
  it('names its stream tenant-{tenantId}', () => {
    expect(tenantRegistryStream(tenantId)).toBe(`tenant-${tenantId}`);
  });

  it('an unknown tenant is neither a CSP partner tenant nor a customer', () => {
    const state = replay([]);
    expect(isCspPartnerTenant(state)).toBe(false);
    expect(isRegisteredCustomerTenant(state)).toBe(false);
    expect(cspPartnerOfTenant(state)).toBeNull();
  });

  it('a reserved CSP tenant is a CSP partner tenant', () => {
    const state = replay([{ type: 'CspTenantReserved', data: { tenantId, partnerId: tenantId } }]);
    expect(isCspPartnerTenant(state)).toBe(true);
    expect(cspPartnerOfTenant(state)).toBe(tenantId);
    expect(isRegisteredCustomerTenant(state)).toBe(false);
  });

  it('a customer tenant that later enrols keeps both facts', () => {
    const state = replay([
      { type: 'CustomerTenantRegistered', data: { tenantId, customerId: tenantId } },
      { type: 'CspTenantReserved', data: { tenantId, partnerId: tenantId } },
    ]);
    expect(state).toEqual({ status: 'claimed', tenantId, cspPartnerId: tenantId, customerId: tenantId });
    expect(isCspPartnerTenant(state)).toBe(true);
    expect(isRegisteredCustomerTenant(state)).toBe(true);
  });
});
