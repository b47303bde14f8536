import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import { InvitationWriteResponse, ResellerPathParams } from '../http/partnership-http';
import { AuthorizeIndirectProviderDto } from './authorize-indirect-provider.dto';
import { AuthorizeIndirectProviderCommand } from './authorize-indirect-provider.handler';

@ApiTags('partnerships')
@ApiBearerAuth('bearer')
@Controller('v1/partners')
export class AuthorizeIndirectProviderController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post(':resellerId/indirect-providers')
  @ApiOperation({
    operationId: 'AuthorizeIndirectProvider',
    summary: 'AuthorizeIndirectProvider: the reseller accepts a provider\'s invitation',
    description: 'By a recorded admin (`global-admin`, `account-admin`, `admin-agent`) of the approved reseller.',
  })
  @ApiCreatedResponse({ type: InvitationWriteResponse })
  @ApiProblemResponses(403, {
    404: '`partner-not-found` (the reseller or the provider), `invitation-not-found` (no such invitation from that provider).',
    409: '`partner-not-approved`, `invitation-not-found` (the invitation is no longer open), or `concurrency-conflict`.',
    422: '`consent-required` (or `idempotency-key-reused`).',
  })
  async authorize(
    @Param() params: ResellerPathParams,
    @Body() body: AuthorizeIndirectProviderDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ invitationId: string; providerId: string; resellerId: string }>> {
    const { resellerId } = params;
    const { providerId, invitationId, consent } = body;
    const result = await this.commandBus.execute(
      new AuthorizeIndirectProviderCommand({ providerId, resellerId, invitationId, consent }, context),
    );
    return this.responder.respond(result, { invitationId, providerId, resellerId });
  }
}
