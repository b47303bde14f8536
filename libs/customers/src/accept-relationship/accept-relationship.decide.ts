import type { AcceptRelationship, DeclineRelationship } from '../customer/customer.commands';
import { requireRegisteredCustomer } from '../customer/customer.access';
import { requestNotFound, requestNotOpen } from '../customer/customer.errors';
import type {
  DelegatedAdminPrivilegesGranted,
  RelationshipAccepted,
  ResellerRelationshipEstablished,
} from '../customer/customer.events';
import {
  assertActsForCustomer,
  assertCustomerGlobalAdmin,
  isOpenRequest,
  partnersToEstablish,
  partnersToGrantDelegatedAdmin,
} from '../customer/customer.rules';
import type { CustomerState, RegisteredCustomer, RelationshipRequest } from '../customer/customer.state';

export type AcceptRelationshipEvent = RelationshipAccepted | ResellerRelationshipEstablished | DelegatedAdminPrivilegesGranted;

/**
 * AcceptRelationship (domain §4.3). Who: the customer's global admin. Rule: the request is open
 * (`request-not-found`: 404 unknown, 409 closed). Emits `RelationshipAccepted`, then
 * `ResellerRelationshipEstablished` per partner without an active relationship, then
 * `DelegatedAdminPrivilegesGranted` per DAP partner without an active grant.
 * Other open requests naming the same partners stay open: the customer may still accept them
 * (re-granting DAP a partner gave up, for instance), and accepting one skips whatever is active.
 */
export function decideAcceptRelationship(command: AcceptRelationship, state: CustomerState): AcceptRelationshipEvent[] {
  const { customerId, requestId } = command.data;
  const { customer, request } = authorizeCustomerOnOpenRequest(command, state);
  return [
    {
      type: 'RelationshipAccepted',
      data: { customerId, requestId, partners: [...request.partners], delegatedAdminFor: [...request.delegatedAdminFor] },
    },
    ...partnersToEstablish(customer, request).map(
      (partnerId): ResellerRelationshipEstablished => ({
        type: 'ResellerRelationshipEstablished',
        data: { customerId, partnerId, requestId },
      }),
    ),
    ...partnersToGrantDelegatedAdmin(customer, request).map(
      (partnerId): DelegatedAdminPrivilegesGranted => ({
        type: 'DelegatedAdminPrivilegesGranted',
        data: { customerId, partnerId, requestId },
      }),
    ),
  ];
}

/**
 * Shared by accept and decline, in domain §4's order: the actor is this customer (403) → the
 * customer is registered (404 `customer-not-found`) → the request exists (404
 * `request-not-found`) → the actor is its global admin (403) → the request is open (409
 * `request-not-found`).
 */
export function authorizeCustomerOnOpenRequest(
  command: AcceptRelationship | DeclineRelationship,
  state: CustomerState,
): { customer: RegisteredCustomer; request: RelationshipRequest } {
  const { actor } = command.context;
  const { customerId, requestId } = command.data;
  assertActsForCustomer(actor, customerId);
  const customer = requireRegisteredCustomer(state, customerId);
  const request = customer.requests[requestId];
  if (!request) throw requestNotFound(requestId);
  assertCustomerGlobalAdmin(actor);
  if (!isOpenRequest(request)) throw requestNotOpen(requestId, request.status);
  return { customer, request };
}
