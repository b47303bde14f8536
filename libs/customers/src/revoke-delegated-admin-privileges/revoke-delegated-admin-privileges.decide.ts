import { ADMINS, forbidden } from '@ledger/kernel';
import { type PartnerState, requireEnrolledPartner } from '@ledger/partners/domain';
import { authorizePartnerActorOnCustomer, requireRegisteredCustomer } from '../customer/customer.access';
import type { RevokeDelegatedAdminPrivileges } from '../customer/customer.commands';
import { grantNotFound } from '../customer/customer.errors';
import type { DelegatedAdminPrivilegesRevoked, DelegatedAdminRevoker } from '../customer/customer.events';
import { assertActsForCustomer, assertCustomerGlobalAdmin, hasActiveDelegatedAdmin } from '../customer/customer.rules';
import type { CustomerState, RegisteredCustomer } from '../customer/customer.state';

export interface RevokeDelegatedAdminPrivilegesInputs {
  /** The state of the partner whose grant is revoked (`partner-{partnerId}`); unknown gives `partner-not-found`. */
  readonly partner: PartnerState;
}

/**
 * RevokeDelegatedAdminPrivileges (domain §4.3). Who: the customer's global admin (revokedBy
 * `customer`), or admins of that partner giving the grant up (revokedBy `partner`; the partner
 * must be approved like for every partner command). Rule: an active grant (`grant-not-found`).
 * Works on retained grants too — that is how a customer closes the compliance gap. The
 * relationship, if any, is untouched.
 */
export function decideRevokeDelegatedAdminPrivileges(
  command: RevokeDelegatedAdminPrivileges,
  state: CustomerState,
  inputs: RevokeDelegatedAdminPrivilegesInputs,
): [DelegatedAdminPrivilegesRevoked] {
  const { actor } = command.context;
  const { customerId, partnerId } = command.data;
  let customer: RegisteredCustomer;
  let revokedBy: DelegatedAdminRevoker;
  if (actor.kind === 'customer') {
    assertActsForCustomer(actor, customerId);
    requireEnrolledPartner(inputs.partner, partnerId);
    customer = requireRegisteredCustomer(state, customerId);
    assertCustomerGlobalAdmin(actor);
    revokedBy = 'customer';
  } else if (actor.kind === 'partner') {
    customer = authorizePartnerActorOnCustomer({
      actor,
      partnerId,
      partner: inputs.partner,
      allowedRoles: ADMINS,
      customerId,
      customer: state,
    }).customer;
    revokedBy = 'partner';
  } else {
    throw forbidden("Only the customer's global admin or the partner's admins may revoke delegated admin privileges.");
  }
  if (!hasActiveDelegatedAdmin(customer, partnerId)) throw grantNotFound(partnerId, customerId);
  return [{ type: 'DelegatedAdminPrivilegesRevoked', data: { customerId, partnerId, revokedBy } }];
}
