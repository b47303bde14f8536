import type { Command } from '@ledger/kernel';
import { requireEnrolledPartner } from '../access/partner-access';
import { assertProgramActor, assertReviewer } from '../access/program-access';
import { partnerErrors } from '../partner/partner.errors';
import type { PartnerEvent } from '../partner/partner.events';
import { isPendingEnrollment } from '../partner/partner.rules';
import type { PartnerState } from '../partner/partner.state';

export type RejectEnrollment = Command<'RejectEnrollment', { readonly partnerId: string; readonly reason?: string }>;

/**
 * A program reviewer rejects a pending enrollment (verified or not); the partner stays inert.
 * Order: kind `program` (403) → partner-not-found (404) → `reviewer` role (403) → not-pending.
 */
export function decideRejectEnrollment(command: RejectEnrollment, state: PartnerState): PartnerEvent[] {
  const { partnerId, reason } = command.data;
  const { actor } = command.context;
  assertProgramActor(actor);
  const partner = requireEnrolledPartner(state, partnerId);
  assertReviewer(actor);
  if (!isPendingEnrollment(partner)) throw partnerErrors.notPending(partnerId, partner.status);
  return [{ type: 'PartnerEnrollmentRejected', data: reason === undefined ? { partnerId } : { partnerId, reason } }];
}
