import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import { evolvePartnership } from '../partnership/partnership.evolve';
import { initialPartnershipState } from '../partnership/partnership.state';
import {
  INVITATION_1,
  approvedProvider,
  approvedReseller,
  authorized,
  contextOf,
  ended,
  inputs,
  invited,
  partnerActor,
  pendingPartner,
  providerAdmin,
  providerId,
  resellerAdmin,
  resellerId,
  tenantAdminAccessRemoved,
} from '../testing/partnership-fixtures.test-support';
import { decideRemoveProviderTenantAdminAccess } from './remove-provider-tenant-admin-access.decide';

const partnership = deciderSpec({ initialState: initialPartnershipState, evolve: evolvePartnership });
const active = [invited(INVITATION_1), authorized(INVITATION_1)];
const removeAccess = (actor = resellerAdmin) => ({
  type: 'RemoveProviderTenantAdminAccess' as const,
  data: { providerId, resellerId },
  context: contextOf(actor),
});

describe('RemoveProviderTenantAdminAccess', () => {
  it('the reseller removes the provider’s admin access; the partnership stays active with submit-orders', () => {
    const state = partnership
      .given(active)
      .when((s) => decideRemoveProviderTenantAdminAccess(removeAccess(), s, inputs()))
      .then([tenantAdminAccessRemoved()]);
    expect(state).toMatchObject({ status: 'active', grants: ['submit-orders'] });
  });

  it('forbidden for the provider, or a stranger', () => {
    partnership
      .given(active)
      .when((s) => decideRemoveProviderTenantAdminAccess(removeAccess(providerAdmin), s, inputs()))
      .thenFails('forbidden', 'forbidden');
    partnership
      .given(active)
      .when((s) => decideRemoveProviderTenantAdminAccess(removeAccess(partnerActor(resellerId, 'stranger', ['global-admin'])), s, inputs()))
      .thenFails('forbidden', 'forbidden');
  });

  it('partner-not-found for an unknown provider', () => {
    partnership
      .given([])
      .when((s) => decideRemoveProviderTenantAdminAccess(removeAccess(), s, inputs([], approvedReseller())))
      .thenFails('partner-not-found', 'not-found');
  });

  it('partner-not-approved for a reseller not approved', () => {
    partnership
      .given([])
      .when((s) => decideRemoveProviderTenantAdminAccess(removeAccess(), s, inputs(approvedProvider(), pendingPartner(resellerId, 'indirect-reseller'))))
      .thenFails('partner-not-approved', 'conflict');
  });

  it('partnership-not-found: never authorized, only invited, or ended', () => {
    for (const history of [[], [invited(INVITATION_1)], [...active, ended()]]) {
      partnership
        .given(history)
        .when((s) => decideRemoveProviderTenantAdminAccess(removeAccess(), s, inputs()))
        .thenFails('partnership-not-found', 'conflict');
    }
  });

  it('no-tenant-admin-access once it was removed', () => {
    partnership
      .given([...active, tenantAdminAccessRemoved()])
      .when((s) => decideRemoveProviderTenantAdminAccess(removeAccess(), s, inputs()))
      .thenFails('no-tenant-admin-access', 'conflict');
  });
});
