import { type Actor, DomainError, forbidden, hasAnyRole, notFound } from '@ledger/kernel';
import type { EnrolledPartnerState, PartnerState, PartnerUser } from '../partner/partner.state';

/**
 * Authorizes a partner actor acting for `partnerId`, in the order domain §4 fixes:
 * 1. the actor's kind and tenant (403 `forbidden`): a partner acts only for its own partner id;
 * 2. the partner exists (404 `partner-not-found`);
 * 3. the actor's *recorded* roles — the ledger's, not the token's — include one of `allowedRoles`
 *    (403 `forbidden`; an unrecorded or removed user may do nothing);
 * 4. the partner is approved (409 `partner-not-approved`).
 * `partner` is the acting partner's state, loaded by the handler from its stream.
 * Returns the approved partner and the recorded user for further rules.
 */
export function authorizePartnerActor(
  actor: Actor,
  partnerId: string,
  partner: PartnerState,
  allowedRoles: readonly string[],
): { partner: EnrolledPartnerState & { status: 'approved' }; user: PartnerUser } {
  assertActsForPartner(actor, partnerId);
  const enrolled = requireEnrolledPartner(partner, partnerId);
  const user = recordedUserWithRole(enrolled, actor.userId, allowedRoles);
  return { partner: requireApprovedPartner(enrolled), user };
}

/** Step 1 alone: the actor is a user of this very partner. */
export function assertActsForPartner(actor: Actor, partnerId: string): void {
  if (actor.kind !== 'partner' || actor.tenantId !== partnerId) {
    throw forbidden(`Only users of partner ${partnerId} may do this.`);
  }
}

/** Step 2: the partner exists in the ledger. */
export function requireEnrolledPartner(partner: PartnerState, partnerId: string): EnrolledPartnerState {
  if (partner.status === 'none') throw partnerNotFound(partnerId);
  return partner;
}

/** Step 3: the user is recorded for the partner with one of the roles. */
export function recordedUserWithRole(
  partner: EnrolledPartnerState,
  userId: string,
  allowedRoles: readonly string[],
): PartnerUser {
  const user = partner.users[userId];
  if (!user) throw forbidden(`User ${userId} is not a recorded user of partner ${partner.partnerId}.`);
  if (!hasAnyRole(user.roles, allowedRoles)) {
    throw forbidden(`User ${userId} needs one of the roles ${allowedRoles.join(', ')}.`);
  }
  return user;
}

/** Step 4: until approved, a partner can do nothing but wait for verification and review. */
export function requireApprovedPartner(
  partner: EnrolledPartnerState,
): EnrolledPartnerState & { status: 'approved' } {
  if (partner.status !== 'approved') {
    throw new DomainError('partner-not-approved', 'conflict', `Partner ${partner.partnerId} is not approved (${partner.status}).`);
  }
  return partner;
}

export const partnerNotFound = (partnerId: string): DomainError =>
  notFound('partner-not-found', `Partner ${partnerId} is not enrolled.`);
