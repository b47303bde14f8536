import { EmptyCustomerCommandBody } from '../customer/customer.http';

/** `POST …/relationship-requests/{requestId}/decline` body: `{}` (everything is in the path). */
export class DeclineRelationshipDto extends EmptyCustomerCommandBody {}
