import type { Actor } from '@ledger/kernel';
import { requireEnrolledPartner } from '../access/partner-access';
import { assertProgramActor, assertReviewer } from '../access/program-access';
import { partnerErrors } from './partner.errors';
import { isPendingEnrollment } from './partner.rules';
import type { EnrolledPartnerState, PartnerState } from './partner.state';

/**
 * What approving and rejecting an enrollment both require, in domain §4 order: a `program` actor
 * (403) → the partner exists (404 `partner-not-found`) → the `reviewer` role (403) → the enrollment
 * is pending (`not-pending`). Returns the pending partner for the command's own rules.
 */
export function pendingEnrollmentUnderReview(actor: Actor, state: PartnerState, partnerId: string): EnrolledPartnerState {
  assertProgramActor(actor);
  const partner = requireEnrolledPartner(state, partnerId);
  assertReviewer(actor);
  if (!isPendingEnrollment(partner)) throw partnerErrors.notPending(partnerId, partner.status);
  return partner;
}
