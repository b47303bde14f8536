import { Module } from '@nestjs/common';
import { AcceptRelationshipController } from './accept-relationship/accept-relationship.controller';
import { AcceptRelationshipHandler } from './accept-relationship/accept-relationship.handler';
import { DeclineRelationshipController } from './decline-relationship/decline-relationship.controller';
import { DeclineRelationshipHandler } from './decline-relationship/decline-relationship.handler';
import { InviteCustomerWithIndirectProviderHandler } from './invite-customer-with-indirect-provider/invite-customer-with-indirect-provider.handler';
import { RegisterCustomerController } from './register-customer/register-customer.controller';
import { RegisterCustomerHandler } from './register-customer/register-customer.handler';
import { RemoveCustomerRelationshipController } from './remove-customer-relationship/remove-customer-relationship.controller';
import { RemoveCustomerRelationshipHandler } from './remove-customer-relationship/remove-customer-relationship.handler';
import { RequestResellerRelationshipController } from './request-reseller-relationship/request-reseller-relationship.controller';
import { RequestResellerRelationshipHandler } from './request-reseller-relationship/request-reseller-relationship.handler';
import { RevokeDelegatedAdminPrivilegesController } from './revoke-delegated-admin-privileges/revoke-delegated-admin-privileges.controller';
import { RevokeDelegatedAdminPrivilegesHandler } from './revoke-delegated-admin-privileges/revoke-delegated-admin-privileges.handler';

/**
 * The customers context over HTTP (domain §4.3, api.md Writes): one thin controller per command
 * slice dispatching through the CommandBus to a handler that runs the slice's execute function on
 * the process's event store. Deliberately not exported from `@ledger/customers`, whose index is
 * imported by pure domain code; the app imports this file by path.
 */
@Module({
  controllers: [
    RegisterCustomerController,
    RequestResellerRelationshipController,
    AcceptRelationshipController,
    DeclineRelationshipController,
    RemoveCustomerRelationshipController,
    RevokeDelegatedAdminPrivilegesController,
  ],
  providers: [
    RegisterCustomerHandler,
    RequestResellerRelationshipHandler,
    InviteCustomerWithIndirectProviderHandler,
    AcceptRelationshipHandler,
    DeclineRelationshipHandler,
    RemoveCustomerRelationshipHandler,
    RevokeDelegatedAdminPrivilegesHandler,
  ],
})
export class CustomersModule {}
