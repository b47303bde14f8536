import type { Command } from '@ledger/kernel';
import { requireEnrolledPartner } from '../access/partner-access';
import { assertProgramActor, assertReviewer } from '../access/program-access';
import { partnerErrors } from '../partner/partner.errors';
import type { PartnerEvent } from '../partner/partner.events';
import { isPendingEnrollment, primaryContactIsVerified } from '../partner/partner.rules';
import type { PartnerState } from '../partner/partner.state';

export type ApproveEnrollment = Command<'ApproveEnrollment', { readonly partnerId: string; readonly reason?: string }>;

/**
 * A program reviewer approves a pending enrollment whose primary contact is verified.
 * Order: kind `program` (403) → partner-not-found (404) → `reviewer` role (403) → not-pending →
 * contact-not-verified.
 */
export function decideApproveEnrollment(command: ApproveEnrollment, state: PartnerState): PartnerEvent[] {
  const { partnerId, reason } = command.data;
  const { actor } = command.context;
  assertProgramActor(actor);
  const partner = requireEnrolledPartner(state, partnerId);
  assertReviewer(actor);
  if (!isPendingEnrollment(partner)) throw partnerErrors.notPending(partnerId, partner.status);
  if (!primaryContactIsVerified(partner)) throw partnerErrors.contactNotVerified(partnerId);
  return [{ type: 'PartnerEnrollmentApproved', data: reason === undefined ? { partnerId } : { partnerId, reason } }];
}
