import type { Command } from '@ledger/kernel';
import { requireEnrolledPartner } from '../access/partner-access';
import { assertProgramActor } from '../access/program-access';
import { partnerErrors } from '../partner/partner.errors';
import type { PartnerEvent } from '../partner/partner.events';
import { isPendingEnrollment } from '../partner/partner.rules';
import type { PartnerState } from '../partner/partner.state';

export type VerifyPrimaryContactEmail = Command<
  'VerifyPrimaryContactEmail',
  { readonly partnerId: string; readonly token: string }
>;

/**
 * The program records that the primary contact followed the emailed link. Who: any `program` actor
 * (it is the program's automated link check, not a review, so `reviewer` is not required). The
 * token is recorded, not checked. Order: kind (403) → partner-not-found → not-pending.
 * Verifying again while pending records the repeated verification.
 */
export function decideVerifyPrimaryContactEmail(command: VerifyPrimaryContactEmail, state: PartnerState): PartnerEvent[] {
  const { partnerId, token } = command.data;
  assertProgramActor(command.context.actor);
  const partner = requireEnrolledPartner(state, partnerId);
  if (!isPendingEnrollment(partner)) throw partnerErrors.notPending(partnerId, partner.status);
  return [{ type: 'PrimaryContactEmailVerified', data: { partnerId, email: partner.primaryContact.email, token } }];
}
