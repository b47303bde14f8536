import { Module } from '@nestjs/common';
import { AuthorizeIndirectProviderController } from './authorize-indirect-provider/authorize-indirect-provider.controller';
import { AuthorizeIndirectProviderHandler } from './authorize-indirect-provider/authorize-indirect-provider.handler';
import { EndPartnershipController } from './end-partnership/end-partnership.controller';
import { EndPartnershipHandler } from './end-partnership/end-partnership.handler';
import { InviteResellerController } from './invite-reseller/invite-reseller.controller';
import { InviteResellerHandler } from './invite-reseller/invite-reseller.handler';
import { RemoveProviderTenantAdminAccessController } from './remove-provider-tenant-admin-access/remove-provider-tenant-admin-access.controller';
import { RemoveProviderTenantAdminAccessHandler } from './remove-provider-tenant-admin-access/remove-provider-tenant-admin-access.handler';

/**
 * The two-tier partnership's write API (domain §4.2). Not exported from `@ledger/partnerships`
 * (kept framework-free for other contexts); the app imports it by path in FEATURE_MODULES.
 */
@Module({
  controllers: [
    InviteResellerController,
    AuthorizeIndirectProviderController,
    RemoveProviderTenantAdminAccessController,
    EndPartnershipController,
  ],
  providers: [
    InviteResellerHandler,
    AuthorizeIndirectProviderHandler,
    RemoveProviderTenantAdminAccessHandler,
    EndPartnershipHandler,
  ],
})
export class PartnershipsModule {}
