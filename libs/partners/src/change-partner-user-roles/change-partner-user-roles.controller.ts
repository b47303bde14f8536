import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import { PartnerUserPathParams } from '../http/path-params';
import { PartnerUserWriteResponse } from '../http/write-responses';
import { ChangePartnerUserRolesDto } from './change-partner-user-roles.dto';
import { ChangePartnerUserRolesCommand } from './change-partner-user-roles.handler';

@ApiTags('partners')
@ApiBearerAuth('bearer')
@Controller('v1/partners')
export class ChangePartnerUserRolesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Put(':partnerId/users/:userId/roles')
  @ApiOperation({
    operationId: 'ChangePartnerUserRoles',
    summary: 'ChangePartnerUserRoles: replace a user\'s roles',
    description: 'By a recorded user manager (`global-admin`, `user-admin`, `admin-agent`) of that approved partner.',
  })
  @ApiOkResponse({ type: PartnerUserWriteResponse })
  @ApiProblemResponses(403, {
    404: '`partner-not-found`, `user-not-found`.',
    409: '`partner-not-approved`, `last-global-admin`, or `concurrency-conflict`.',
  })
  async change(
    @Param() params: PartnerUserPathParams,
    @Body() body: ChangePartnerUserRolesDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ partnerId: string; userId: string }>> {
    const { partnerId, userId } = params;
    const result = await this.commandBus.execute(new ChangePartnerUserRolesCommand({ partnerId, userId, roles: body.roles }, context));
    return this.responder.respond(result, { partnerId, userId });
  }
}
