import { ADMINS, type Command, forbidden } from '@ledger/kernel';
import { recordedUserWithRole, requireApprovedPartner, requireEnrolledPartner } from '@ledger/partners/domain';
import { partnershipErrors } from '../partnership/partnership.errors';
import type { PartnershipEvent } from '../partnership/partnership.events';
import type { PartnershipInputs } from '../partnership/partnership.inputs';
import { isActivePartnership } from '../partnership/partnership.rules';
import type { PartnershipState } from '../partnership/partnership.state';

export type EndPartnership = Command<
  'EndPartnership',
  { readonly providerId: string; readonly resellerId: string; readonly reason: string }
>;

/**
 * Either side ends the partnership. It touches no customer and no DAP grant: its only event is on
 * this stream. Order: a user of the provider or of the reseller (403) → both partners exist (404,
 * acting side first) → the actor's recorded admin role in its own partner (403) → that partner
 * approved → `partnership-not-found` (no active partnership; an open invitation is not one).
 */
export function decideEndPartnership(
  command: EndPartnership,
  state: PartnershipState,
  inputs: PartnershipInputs,
): PartnershipEvent[] {
  const { providerId, resellerId, reason } = command.data;
  const { actor } = command.context;
  const side = actor.kind !== 'partner' ? null : actor.tenantId === providerId ? 'provider' : actor.tenantId === resellerId ? 'reseller' : null;
  if (side === null) throw forbidden(`Only users of partner ${providerId} or ${resellerId} may end their partnership.`);
  const [actingId, otherId] = side === 'provider' ? [providerId, resellerId] : [resellerId, providerId];
  const acting = requireEnrolledPartner(inputs[side], actingId);
  requireEnrolledPartner(side === 'provider' ? inputs.reseller : inputs.provider, otherId);
  recordedUserWithRole(acting, actor.userId, ADMINS);
  requireApprovedPartner(acting);
  if (!isActivePartnership(state)) throw partnershipErrors.partnershipNotFound(providerId, resellerId);
  return [{ type: 'PartnershipEnded', data: { providerId, resellerId, endedBy: side, reason } }];
}
