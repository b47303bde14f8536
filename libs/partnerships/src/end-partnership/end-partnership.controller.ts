import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import { PartnershipPathParams, PartnershipWriteResponse } from '../http/partnership-http';
import { EndPartnershipDto } from './end-partnership.dto';
import { EndPartnershipCommand } from './end-partnership.handler';

@ApiTags('partnerships')
@ApiBearerAuth('bearer')
@Controller('v1/partnerships')
export class EndPartnershipController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post(':providerId/:resellerId/termination')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'EndPartnership',
    summary: 'EndPartnership: either side ends the partnership',
    description: 'By a recorded admin (`global-admin`, `account-admin`, `admin-agent`) of the approved provider or reseller. No customer relationship or DAP grant changes.',
  })
  @ApiOkResponse({ type: PartnershipWriteResponse })
  @ApiProblemResponses(403, {
    404: '`partner-not-found` (the provider or the reseller).',
    409: '`partner-not-approved`, `partnership-not-found`, or `concurrency-conflict`.',
  })
  async end(
    @Param() params: PartnershipPathParams,
    @Body() body: EndPartnershipDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ providerId: string; resellerId: string }>> {
    const { providerId, resellerId } = params;
    const result = await this.commandBus.execute(new EndPartnershipCommand({ providerId, resellerId, reason: body.reason }, context));
    return this.responder.respond(result, { providerId, resellerId });
  }
}
