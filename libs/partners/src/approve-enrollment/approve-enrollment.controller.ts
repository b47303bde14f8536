import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import { EMPTY_BODY_SCHEMA, EmptyBody, type EmptyBodyShape } from '../http/field-formats';
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
  @ApiBody(EMPTY_BODY_SCHEMA)
  @ApiOkResponse({ type: ApproveEnrollmentResponse })
  @ApiProblemResponses(403, { 404: '`partner-not-found`.', 409: '`not-pending`, `contact-not-verified`, or `concurrency-conflict`.' })
  async approve(
    @Param() params: ApproveEnrollmentParams,
    @Body(EmptyBody) _body: EmptyBodyShape,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ partnerId: string }>> {
    const result = await this.commandBus.execute(new ApproveEnrollmentCommand({ partnerId: params.partnerId }, context));
    return this.responder.respond(result, { partnerId: params.partnerId });
  }
}
