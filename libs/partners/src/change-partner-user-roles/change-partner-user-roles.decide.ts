import { type Command, type PartnerRole, USER_MANAGERS } from '@ledger/kernel';
import {
  assertActsForPartner,
  recordedUserWithRole,
  requireApprovedPartner,
  requireEnrolledPartner,
} from '../access/partner-access';
import { partnerErrors } from '../partner/partner.errors';
import type { PartnerEvent } from '../partner/partner.events';
import { distinctRoles, findRecordedUser, keepsAGlobalAdmin } from '../partner/partner.rules';
import type { PartnerState } from '../partner/partner.state';

export type ChangePartnerUserRoles = Command<
  'ChangePartnerUserRoles',
  { readonly partnerId: string; readonly userId: string; readonly roles: readonly PartnerRole[] }
>;

/**
 * A user manager replaces a user's roles. Order (domain §4): kind/tenant (403) → unknown ids:
 * partner-not-found, then the target `user-not-found` (404) → the actor's recorded user-manager
 * role (403) → partner-not-approved → `last-global-admin`.
 */
export function decideChangePartnerUserRoles(command: ChangePartnerUserRoles, state: PartnerState): PartnerEvent[] {
  const { partnerId, userId } = command.data;
  const { actor } = command.context;
  assertActsForPartner(actor, partnerId);
  const enrolled = requireEnrolledPartner(state, partnerId);
  const target = findRecordedUser(enrolled, userId);
  if (!target) throw partnerErrors.userNotFound(partnerId, userId);
  recordedUserWithRole(enrolled, actor.userId, USER_MANAGERS);
  const partner = requireApprovedPartner(enrolled);
  const roles = distinctRoles(command.data.roles);
  if (!keepsAGlobalAdmin(partner, userId, roles)) throw partnerErrors.lastGlobalAdmin(userId);
  return [{ type: 'PartnerUserRolesChanged', data: { partnerId, userId, roles, previousRoles: target.roles } }];
}
