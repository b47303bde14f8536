import { type Command, USER_MANAGERS } from '@ledger/kernel';
import {
  assertActsForPartner,
  recordedUserWithRole,
  requireApprovedPartner,
  requireEnrolledPartner,
} from '../access/partner-access';
import { partnerErrors } from '../partner/partner.errors';
import type { PartnerEvent } from '../partner/partner.events';
import { findRecordedUser, keepsAGlobalAdmin } from '../partner/partner.rules';
import type { PartnerState } from '../partner/partner.state';

export type RemovePartnerUser = Command<'RemovePartnerUser', { readonly partnerId: string; readonly userId: string }>;

/**
 * A user manager removes a user, who may then do nothing for the partner. Order (domain §4):
 * kind/tenant (403) → partner-not-found, `user-not-found` (404) → the actor's recorded
 * user-manager role (403) → partner-not-approved → `last-global-admin`. A manager may remove
 * themselves unless they are the last global admin.
 */
export function decideRemovePartnerUser(command: RemovePartnerUser, state: PartnerState): PartnerEvent[] {
  const { partnerId, userId } = command.data;
  const { actor } = command.context;
  assertActsForPartner(actor, partnerId);
  const enrolled = requireEnrolledPartner(state, partnerId);
  if (!findRecordedUser(enrolled, userId)) throw partnerErrors.userNotFound(partnerId, userId);
  recordedUserWithRole(enrolled, actor.userId, USER_MANAGERS);
  const partner = requireApprovedPartner(enrolled);
  if (!keepsAGlobalAdmin(partner, userId, null)) throw partnerErrors.lastGlobalAdmin(userId);
  return [{ type: 'PartnerUserRemoved', data: { partnerId, userId } }];
}
