import { type Actor, forbidden } from '@ledger/kernel';
import type { RemovalAttestation } from './customer.events';
import type { CustomerState, RegisteredCustomer, RelationshipRequest } from './customer.state';

/*
 * The customer aggregate's rules as named predicates (domain §4.3, §4.5). Deciders call them and
 * throw the matching error from customer.errors.ts; read-side code may reuse them.
 */

export function isRegistered(state: CustomerState): state is RegisteredCustomer {
  return state.status === 'registered';
}

/** The partner may currently submit orders for the customer (domain §4.5). */
export function hasActiveRelationship(customer: RegisteredCustomer, partnerId: string): boolean {
  return customer.relationships[partnerId]?.status === 'active';
}

/** The partner may currently administer the customer's tenant (domain §4.5). */
export function hasActiveDelegatedAdmin(customer: RegisteredCustomer, partnerId: string): boolean {
  return customer.dapGrants[partnerId]?.status === 'active';
}

/**
 * A retained DAP grant: the partner's relationship was removed but its admin access stays —
 * the compliance risk the ledger surfaces (domain §1).
 */
export function isRetainedDelegatedAdmin(customer: RegisteredCustomer, partnerId: string): boolean {
  return hasActiveDelegatedAdmin(customer, partnerId) && customer.relationships[partnerId]?.status === 'removed';
}

/** Partners with an active relationship: the customer's partners (multi-partner view). */
export function activePartners(customer: RegisteredCustomer): string[] {
  return Object.keys(customer.relationships).filter((partnerId) => hasActiveRelationship(customer, partnerId));
}

export function isOpenRequest(request: RelationshipRequest): boolean {
  return request.status === 'open';
}

/** The request's partners whose relationship accepting it would establish (the others are already active). */
export function partnersToEstablish(customer: RegisteredCustomer, request: RelationshipRequest): string[] {
  return request.partners.filter((partnerId) => !hasActiveRelationship(customer, partnerId));
}

/** The request's DAP partners that accepting it would grant (the others already hold an active grant). */
export function partnersToGrantDelegatedAdmin(customer: RegisteredCustomer, request: RelationshipRequest): string[] {
  return request.delegatedAdminFor.filter((partnerId) => !hasActiveDelegatedAdmin(customer, partnerId));
}

/** Nothing crosses clouds (domain §1). */
export function isSameCloud(a: { readonly cloud: string }, b: { readonly cloud: string }): boolean {
  return a.cloud === b.cloud;
}

/**
 * The seed's attestation: good faith must be affirmed (`true`, not merely truthy) and a business
 * purpose stated. The HTTP edge already refuses an empty purpose as a validation error; the
 * decider checks it too so that no other entry point records a removal without one.
 */
export function isAttested(attestation: RemovalAttestation | undefined): boolean {
  return (
    attestation !== undefined &&
    attestation.goodFaith === true &&
    typeof attestation.legitimateBusinessPurpose === 'string' &&
    attestation.legitimateBusinessPurpose.trim().length > 0
  );
}

/** A customer actor acts only for its own tenant (domain §2). */
export function actsForCustomer(actor: Actor, customerId: string): boolean {
  return actor.kind === 'customer' && actor.tenantId === customerId;
}

/** The customer's global admin: the only customer role that matters (domain §2). */
export function isCustomerGlobalAdmin(actor: Actor): boolean {
  return actor.kind === 'customer' && actor.roles.includes('global-admin');
}

/** Check-order step 1 for customer actors: kind and tenant (403). */
export function assertActsForCustomer(actor: Actor, customerId: string): void {
  if (!actsForCustomer(actor, customerId)) throw forbidden(`Only the customer ${customerId} itself may do this.`);
}

/** Check-order step 3 for customer actors: the role (403). */
export function assertCustomerGlobalAdmin(actor: Actor): void {
  if (!isCustomerGlobalAdmin(actor)) throw forbidden("Only the customer's global admin may do this.");
}
