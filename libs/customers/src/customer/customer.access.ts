import type { Actor } from '@ledger/kernel';
import {
  assertActsForPartner,
  type EnrolledPartnerState,
  type PartnerState,
  recordedUserWithRole,
  requireApprovedPartner,
  requireEnrolledPartner,
} from '@ledger/partners/domain';
import { customerNotFound } from './customer.errors';
import { isRegistered } from './customer.rules';
import type { CustomerState, RegisteredCustomer } from './customer.state';

/**
 * Authorizes a partner actor acting for `partnerId` on an existing customer, in domain §4's order:
 * kind and tenant (403) → unknown ids: the partner (`partner-not-found`), then any
 * `otherPartners` named by the command, then the customer (`customer-not-found`) → the actor's
 * recorded roles (403) → the acting partner approved (`partner-not-approved`).
 * It composes the steps of `authorizePartnerActor` because the customer's 404 must come between
 * the partner's 404 and the role check.
 */
export function authorizePartnerActorOnCustomer(options: {
  readonly actor: Actor;
  readonly partnerId: string;
  readonly partner: PartnerState;
  readonly allowedRoles: readonly string[];
  readonly customerId: string;
  readonly customer: CustomerState;
  readonly otherPartners?: ReadonlyArray<{ readonly partnerId: string; readonly partner: PartnerState }>;
}): {
  partner: EnrolledPartnerState & { status: 'approved' };
  customer: RegisteredCustomer;
  otherPartners: EnrolledPartnerState[];
} {
  assertActsForPartner(options.actor, options.partnerId);
  const enrolled = requireEnrolledPartner(options.partner, options.partnerId);
  const otherPartners = (options.otherPartners ?? []).map(({ partnerId, partner }) => requireEnrolledPartner(partner, partnerId));
  const customer = requireRegisteredCustomer(options.customer, options.customerId);
  recordedUserWithRole(enrolled, options.actor.userId, options.allowedRoles);
  return { partner: requireApprovedPartner(enrolled), customer, otherPartners };
}

/** Unknown customer: 404 `customer-not-found`. */
export function requireRegisteredCustomer(state: CustomerState, customerId: string): RegisteredCustomer {
  if (!isRegistered(state)) throw customerNotFound(customerId);
  return state;
}
