import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import { InvitationWriteResponse, ProviderPathParams } from '../http/partnership-http';
import { InviteResellerDto } from './invite-reseller.dto';
import { InviteResellerCommand } from './invite-reseller.handler';

@ApiTags('partnerships')
@ApiBearerAuth('bearer')
@Controller('v1/partners')
export class InviteResellerController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post(':providerId/reseller-invitations')
  @ApiOperation({
    operationId: 'InviteReseller',
    summary: 'InviteReseller: an indirect provider invites an indirect reseller',
    description: 'By a recorded admin (`global-admin`, `account-admin`, `admin-agent`) of the approved provider.',
  })
  @ApiCreatedResponse({ type: InvitationWriteResponse })
  @ApiProblemResponses(403, {
    404: '`partner-not-found` (the provider or the reseller).',
    409: '`partner-not-approved`, `not-an-indirect-provider`, `not-an-indirect-reseller`, `cross-cloud`, `partnership-exists`, or `concurrency-conflict`.',
  })
  async invite(
    @Param() params: ProviderPathParams,
    @Body() body: InviteResellerDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ invitationId: string; providerId: string; resellerId: string }>> {
    const { providerId } = params;
    const { resellerId, message } = body;
    const result = await this.commandBus.execute(
      new InviteResellerCommand({ providerId, resellerId, ...(typeof message === 'string' ? { message } : {}) }, context),
    );
    const invited = result.events.find((event) => event.type === 'ResellerInvited');
    const invitationId = invited?.type === 'ResellerInvited' ? invited.data.invitationId : context.commandId;
    return this.responder.respond(result, { invitationId, providerId, resellerId });
  }
}
