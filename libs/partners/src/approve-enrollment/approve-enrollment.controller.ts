import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, EmptyBody, WriteResponder, type WriteResponse } from '@ledger/api';
import { ApproveEnrollmentParams, ApproveEnrollmentResponse } from './approve-enrollment.dto';
import { ApproveEnrollmentCommand } from './approve-enrollment.handler';

@ApiTags('partners')
@ApiBearerAuth('bearer')
@Controller('v1/partners')
export class ApproveEnrollmentController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post(':partnerId/approval')
  @HttpCode(200)
  @ApiOperation({ operationId: 'ApproveEnrollment', summary: 'ApproveEnrollment: approve a pending enrollment', description: 'By a `program` actor with the `reviewer` role.' })
  @ApiOkResponse({ type: ApproveEnrollmentResponse })
  @ApiProblemResponses(403, { 404: '`partner-not-found`.', 409: '`not-pending`, `contact-not-verified`, or `concurrency-conflict`.' })
  async approve(
    @Param() params: ApproveEnrollmentParams,
    @Body() _body: EmptyBody,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ partnerId: string }>> {
    const result = await this.commandBus.execute(new ApproveEnrollmentCommand({ partnerId: params.partnerId }, context));
    return this.responder.respond(result, { partnerId: params.partnerId });
  }
}
