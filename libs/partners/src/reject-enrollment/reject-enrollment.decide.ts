import type { Command } from '@ledger/kernel';
import type { PartnerEvent } from '../partner/partner.events';
import { pendingEnrollmentUnderReview } from '../partner/partner.review.rules';
import type { PartnerState } from '../partner/partner.state';

export type RejectEnrollment = Command<'RejectEnrollment', { readonly partnerId: string; readonly reason?: string }>;

/**
 * A program reviewer rejects a pending enrollment (verified or not); the partner stays inert.
 * Order: kind `program` (403) → partner-not-found (404) → `reviewer` role (403) → not-pending.
 */
export function decideRejectEnrollment(command: RejectEnrollment, state: PartnerState): PartnerEvent[] {
  const { partnerId, reason } = command.data;
  pendingEnrollmentUnderReview(command.context.actor, state, partnerId);
  return [{ type: 'PartnerEnrollmentRejected', data: reason === undefined ? { partnerId } : { partnerId, reason } }];
}
