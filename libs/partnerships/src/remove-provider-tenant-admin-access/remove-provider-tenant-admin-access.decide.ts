import { ADMINS, type Command } from '@ledger/kernel';
import {
  assertActsForPartner,
  recordedUserWithRole,
  requireApprovedPartner,
  requireEnrolledPartner,
} from '@ledger/partners/domain';
import { partnershipErrors } from '../partnership/partnership.errors';
import type { PartnershipEvent } from '../partnership/partnership.events';
import type { PartnershipInputs } from '../partnership/partnership.inputs';
import { isActivePartnership, providerHasTenantAdminAccess } from '../partnership/partnership.rules';
import type { PartnershipState } from '../partnership/partnership.state';

export type RemoveProviderTenantAdminAccess = Command<
  'RemoveProviderTenantAdminAccess',
  { readonly providerId: string; readonly resellerId: string }
>;

/**
 * The reseller takes back the provider's admin access to its own tenant; the partnership stays
 * active. Order: a user of the reseller (403) → the reseller, the provider (404) → the actor's
 * recorded admin role (403) → the reseller approved → `partnership-not-found` (no active
 * partnership) → `no-tenant-admin-access` (already removed).
 */
export function decideRemoveProviderTenantAdminAccess(
  command: RemoveProviderTenantAdminAccess,
  state: PartnershipState,
  inputs: PartnershipInputs,
): PartnershipEvent[] {
  const { providerId, resellerId } = command.data;
  const { actor } = command.context;
  assertActsForPartner(actor, resellerId);
  const reseller = requireEnrolledPartner(inputs.reseller, resellerId);
  requireEnrolledPartner(inputs.provider, providerId);
  recordedUserWithRole(reseller, actor.userId, ADMINS);
  requireApprovedPartner(reseller);
  if (!isActivePartnership(state)) throw partnershipErrors.partnershipNotFound(providerId, resellerId);
  if (!providerHasTenantAdminAccess(state)) throw partnershipErrors.noTenantAdminAccess(providerId, resellerId);
  return [{ type: 'ProviderTenantAdminAccessRemoved', data: { providerId, resellerId } }];
}
