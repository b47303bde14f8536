import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import { PartnerPathParams } from '../http/path-params';
import { PartnerWriteResponse } from '../http/write-responses';
import { VerifyPrimaryContactEmailDto } from './verify-primary-contact-email.dto';
import { VerifyPrimaryContactEmailCommand } from './verify-primary-contact-email.handler';

@ApiTags('partners')
@ApiBearerAuth('bearer')
@Controller('v1/partners')
export class VerifyPrimaryContactEmailController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post(':partnerId/primary-contact/verification')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'VerifyPrimaryContactEmail',
    summary: 'VerifyPrimaryContactEmail: record that the primary contact followed the emailed link',
    description: 'By the `program` (its automated link check).',
  })
  @ApiOkResponse({ type: PartnerWriteResponse })
  @ApiProblemResponses(403, { 404: '`partner-not-found`.', 409: '`not-pending`, or `concurrency-conflict`.' })
  async verify(
    @Param() params: PartnerPathParams,
    @Body() body: VerifyPrimaryContactEmailDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ partnerId: string }>> {
    const result = await this.commandBus.execute(
      new VerifyPrimaryContactEmailCommand({ partnerId: params.partnerId, token: body.token }, context),
    );
    return this.responder.respond(result, { partnerId: params.partnerId });
  }
}
