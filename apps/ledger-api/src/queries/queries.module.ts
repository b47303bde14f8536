import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { AuditQueryController } from './audit/audit.controller';
import { AuthorizationCheckController } from './authorizations/authorization-check.controller';
import { CustomersQueryController } from './customers/customers.controller';
import { PartnerCustomersQueryController } from './customers/partner-customers.controller';
import { DapGrantsQueryController } from './dap-grants/dap-grants.controller';
import { PartnersQueryController } from './partners/partners.controller';
import { PartnershipsQueryController } from './partnerships/partnerships.controller';
import { ReadAccess } from './shared/read-access';
import { SubscriptionsQueryController } from './subscriptions/subscriptions.controller';

/**
 * Every read of api.md's Reads table (the SSE stream lives in events-stream/): read-model queries
 * scoped by the actor (domain §2) with `?minPosition=`, and the event-log reads — history, as-of,
 * authorization checks — that are always current.
 */
@Module({
  imports: [ReadModelsModule],
  controllers: [
    PartnersQueryController,
    PartnershipsQueryController,
    PartnerCustomersQueryController,
    CustomersQueryController,
    SubscriptionsQueryController,
    DapGrantsQueryController,
    AuthorizationCheckController,
    AuditQueryController,
  ],
  providers: [ReadAccess],
})
export class QueriesModule {}
