import { EmptyCustomerCommandBody } from '../customer/customer.http';

/** `POST /v1/customers/{customerId}/dap-grants/{partnerId}/revocation` body: `{}`. */
export class RevokeDelegatedAdminPrivilegesDto extends EmptyCustomerCommandBody {}
