import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import {
  RemoveProviderTenantAdminAccessParams,
  RemoveProviderTenantAdminAccessResponse,
} from './remove-provider-tenant-admin-access.dto';
import { RemoveProviderTenantAdminAccessCommand } from './remove-provider-tenant-admin-access.handler';

@ApiTags('partnerships')
@ApiBearerAuth('bearer')
@Controller('v1/partners')
export class RemoveProviderTenantAdminAccessController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Delete(':resellerId/indirect-providers/:providerId/tenant-admin-access')
  @ApiOperation({
    operationId: 'RemoveProviderTenantAdminAccess',
    summary: 'RemoveProviderTenantAdminAccess: the reseller takes back the provider\'s admin access to its tenant',
    description: 'By a recorded admin (`global-admin`, `account-admin`, `admin-agent`) of the approved reseller. The partnership stays active.',
  })
  @ApiOkResponse({ type: RemoveProviderTenantAdminAccessResponse })
  @ApiProblemResponses(403, {
    404: '`partner-not-found` (the reseller or the provider).',
    409: '`partner-not-approved`, `partnership-not-found`, `no-tenant-admin-access`, or `concurrency-conflict`.',
  })
  async remove(
    @Param() params: RemoveProviderTenantAdminAccessParams,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ providerId: string; resellerId: string }>> {
    const { providerId, resellerId } = params;
    const result = await this.commandBus.execute(new RemoveProviderTenantAdminAccessCommand({ providerId, resellerId }, context));
    return this.responder.respond(result, { providerId, resellerId });
  }
}
