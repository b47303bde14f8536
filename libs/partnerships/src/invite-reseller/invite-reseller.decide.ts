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
import { isActiveOrInvited, isApprovedIndirectReseller, isIndirectProvider, isSameCloud } from '../partnership/partnership.rules';
import type { PartnershipState } from '../partnership/partnership.state';

export type InviteReseller = Command<
  'InviteReseller',
  { readonly providerId: string; readonly resellerId: string; readonly message?: string }
>;

/**
 * An indirect provider invites an indirect reseller. The invitation id is the command id.
 * Order: a user of the provider (403) → both partners exist (404 `partner-not-found`, provider
 * first) → the actor's recorded admin role (403) → the provider approved → `not-an-indirect-provider`
 * → `not-an-indirect-reseller` (approved indirect reseller) → `cross-cloud` → `partnership-exists`.
 */
export function decideInviteReseller(
  command: InviteReseller,
  state: PartnershipState,
  inputs: PartnershipInputs,
): PartnershipEvent[] {
  const { providerId, resellerId, message } = command.data;
  const { actor } = command.context;
  assertActsForPartner(actor, providerId);
  const provider = requireEnrolledPartner(inputs.provider, providerId);
  const reseller = requireEnrolledPartner(inputs.reseller, resellerId);
  recordedUserWithRole(provider, actor.userId, ADMINS);
  requireApprovedPartner(provider);
  if (!isIndirectProvider(provider)) throw partnershipErrors.notAnIndirectProvider(providerId);
  if (!isApprovedIndirectReseller(reseller)) throw partnershipErrors.notAnIndirectReseller(resellerId);
  if (!isSameCloud(provider, reseller)) throw partnershipErrors.crossCloud(providerId, resellerId);
  if (isActiveOrInvited(state)) throw partnershipErrors.partnershipExists(providerId, resellerId);
  return [
    {
      type: 'ResellerInvited',
      data: {
        invitationId: command.context.commandId,
        providerId,
        resellerId,
        ...(message === undefined ? {} : { message }),
      },
    },
  ];
}
