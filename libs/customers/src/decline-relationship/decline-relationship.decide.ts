import { authorizeCustomerOnOpenRequest } from '../accept-relationship/accept-relationship.decide';
import type { DeclineRelationship } from '../customer/customer.commands';
import type { RelationshipDeclined } from '../customer/customer.events';
import type { CustomerState } from '../customer/customer.state';

/**
 * DeclineRelationship (domain §4.3). Who: the customer's global admin. Rule: the request is open
 * (`request-not-found`: 404 unknown, 409 closed). Nothing is established or granted; the partner
 * may send a new request later.
 */
export function decideDeclineRelationship(command: DeclineRelationship, state: CustomerState): [RelationshipDeclined] {
  const { customerId, requestId } = command.data;
  const { request } = authorizeCustomerOnOpenRequest(command, state);
  return [{ type: 'RelationshipDeclined', data: { customerId, requestId, partners: [...request.partners] } }];
}
