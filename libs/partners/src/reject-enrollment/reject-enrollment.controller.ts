import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import { PartnerPathParams } from '../http/path-params';
import { PartnerWriteResponse } from '../http/write-responses';
import { RejectEnrollmentDto } from './reject-enrollment.dto';
import { RejectEnrollmentCommand } from './reject-enrollment.handler';

@ApiTags('partners')
@ApiBearerAuth('bearer')
@Controller('v1/partners')
export class RejectEnrollmentController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post(':partnerId/rejection')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'RejectEnrollment',
    summary: 'RejectEnrollment: reject a pending enrollment',
    description: 'By a `program` actor with the `reviewer` role. A rejected partner stays inert.',
  })
  @ApiOkResponse({ type: PartnerWriteResponse })
  @ApiProblemResponses(403, { 404: '`partner-not-found`.', 409: '`not-pending`, or `concurrency-conflict`.' })
  async reject(
    @Param() params: PartnerPathParams,
    @Body() body: RejectEnrollmentDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ partnerId: string }>> {
    const result = await this.commandBus.execute(new RejectEnrollmentCommand({ partnerId: params.partnerId, reason: body.reason }, context));
    return this.responder.respond(result, { partnerId: params.partnerId });
  }
}
