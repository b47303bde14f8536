import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import { RemovePartnerUserParams, RemovePartnerUserResponse } from './remove-partner-user.dto';
import { RemovePartnerUserCommand } from './remove-partner-user.handler';

@ApiTags('partners')
@ApiBearerAuth('bearer')
@Controller('v1/partners')
export class RemovePartnerUserController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Delete(':partnerId/users/:userId')
  @ApiOperation({
    operationId: 'RemovePartnerUser',
    summary: 'RemovePartnerUser: remove a user; they may then do nothing for the partner',
    description: 'By a recorded user manager (`global-admin`, `user-admin`, `admin-agent`) of that approved partner.',
  })
  @ApiOkResponse({ type: RemovePartnerUserResponse })
  @ApiProblemResponses(403, {
    404: '`partner-not-found`, `user-not-found`.',
    409: '`partner-not-approved`, `last-global-admin`, or `concurrency-conflict`.',
  })
  async remove(
    @Param() params: RemovePartnerUserParams,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ partnerId: string; userId: string }>> {
    const { partnerId, userId } = params;
    const result = await this.commandBus.execute(new RemovePartnerUserCommand({ partnerId, userId }, context));
    return this.responder.respond(result, { partnerId, userId });
  }
}
