import { ADMINS, type Command } from '@ledger/kernel';
import {
  assertActsForPartner,
  recordedUserWithRole,
  requireApprovedPartner,
  requireEnrolledPartner,
} from '@ledger/partners/domain';
import { partnershipErrors } from '../partnership/partnership.errors';
import { AUTHORIZATION_GRANTS, type PartnershipEvent } from '../partnership/partnership.events';
import type { PartnershipInputs } from '../partnership/partnership.inputs';
import { isKnownInvitation, isOpenInvitation } from '../partnership/partnership.rules';
import type { PartnershipState } from '../partnership/partnership.state';

export type AuthorizeIndirectProvider = Command<
  'AuthorizeIndirectProvider',
  { readonly providerId: string; readonly resellerId: string; readonly invitationId: string; readonly consent: boolean }
>;

/**
 * The reseller accepts the provider's invitation by checking the consent box. Order: a user of the
 * reseller (403) → unknown ids (404): the reseller, the provider (`partner-not-found`), an
 * invitation never issued by that provider to that reseller (`invitation-not-found`) → the actor's
 * recorded admin role (403) → the reseller approved → the invitation still open
 * (`invitation-not-found`, 409) → `consent-required` (422).
 */
export function decideAuthorizeIndirectProvider(
  command: AuthorizeIndirectProvider,
  state: PartnershipState,
  inputs: PartnershipInputs,
): PartnershipEvent[] {
  const { providerId, resellerId, invitationId, consent } = command.data;
  const { actor } = command.context;
  assertActsForPartner(actor, resellerId);
  const reseller = requireEnrolledPartner(inputs.reseller, resellerId);
  requireEnrolledPartner(inputs.provider, providerId);
  if (!isKnownInvitation(state, invitationId)) throw partnershipErrors.invitationUnknown(invitationId);
  recordedUserWithRole(reseller, actor.userId, ADMINS);
  requireApprovedPartner(reseller);
  if (!isOpenInvitation(state, invitationId)) throw partnershipErrors.invitationNotOpen(invitationId);
  if (consent !== true) throw partnershipErrors.consentRequired();
  return [{ type: 'IndirectProviderAuthorized', data: { invitationId, providerId, resellerId, grants: AUTHORIZATION_GRANTS } }];
}
