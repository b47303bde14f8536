import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import { PartnerPathParams } from '../http/path-params';
import { PartnerUserWriteResponse } from '../http/write-responses';
import { AddPartnerUserDto } from './add-partner-user.dto';
import { AddPartnerUserCommand } from './add-partner-user.handler';

@ApiTags('partners')
@ApiBearerAuth('bearer')
@Controller('v1/partners')
export class AddPartnerUserController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post(':partnerId/users')
  @ApiOperation({
    operationId: 'AddPartnerUser',
    summary: 'AddPartnerUser: record a user of the partner with roles',
    description: 'By a recorded user manager (`global-admin`, `user-admin`, `admin-agent`) of that approved partner.',
  })
  @ApiCreatedResponse({ type: PartnerUserWriteResponse })
  @ApiProblemResponses(403, {
    404: '`partner-not-found`.',
    409: '`partner-not-approved`, `duplicate-user-email` (the user id or the email is taken), or `concurrency-conflict`.',
  })
  async add(
    @Param() params: PartnerPathParams,
    @Body() body: AddPartnerUserDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ partnerId: string; userId: string }>> {
    const { partnerId } = params;
    const { userId, name, email, roles } = body;
    const result = await this.commandBus.execute(new AddPartnerUserCommand({ partnerId, userId, name, email, roles }, context));
    return this.responder.respond(result, { partnerId, userId });
  }
}
