import type { Command } from '@ledger/kernel';
import { partnerErrors } from '../partner/partner.errors';
import type { PartnerEvent } from '../partner/partner.events';
import { primaryContactIsVerified } from '../partner/partner.rules';
import { pendingEnrollmentUnderReview } from '../partner/partner.review.rules';
import type { PartnerState } from '../partner/partner.state';

export type ApproveEnrollment = Command<'ApproveEnrollment', { readonly partnerId: string; readonly reason?: string }>;

/**
 * A program reviewer approves a pending enrollment whose primary contact is verified.
 * Order: kind `program` (403) → partner-not-found (404) → `reviewer` role (403) → not-pending →
 * contact-not-verified.
 */
export function decideApproveEnrollment(command: ApproveEnrollment, state: PartnerState): PartnerEvent[] {
  const { partnerId, reason } = command.data;
  const partner = pendingEnrollmentUnderReview(command.context.actor, state, partnerId);
  if (!primaryContactIsVerified(partner)) throw partnerErrors.contactNotVerified(partnerId);
  return [{ type: 'PartnerEnrollmentApproved', data: reason === undefined ? { partnerId } : { partnerId, reason } }];
}
