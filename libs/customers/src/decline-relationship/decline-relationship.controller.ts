import { ApiProblemResponses, CurrentCommandContext, EmptyBody, WriteResponder, type WriteResponse } from '@ledger/api';
import type { CommandContext } from '@ledger/kernel';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RelationshipAnsweredResponse } from '../accept-relationship/accept-relationship.dto';
import { RelationshipRequestPathParams } from '../customer/customer.http';
import { DeclineRelationshipCommand } from './decline-relationship.handler';

@ApiTags('customers')
@Controller('v1/customers/:customerId/relationship-requests/:requestId/decline')
export class DeclineRelationshipController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'DeclineRelationship',
    summary: 'DeclineRelationship: the customer declines an open relationship request.',
    description: "The customer's `global-admin`. Nothing is established or granted; the partner may ask again later.",
  })
  @ApiOkResponse({ type: RelationshipAnsweredResponse, description: 'The write is recorded: `{ position, ...ids }`.' })
  @ApiProblemResponses({
    403: "`forbidden`: not this customer's `global-admin`.",
    404: '`customer-not-found`, `request-not-found` (no such request was made to this customer).',
    409: '`request-not-found`: the request exists but is no longer open (accepted or declined); or `concurrency-conflict`.',
  })
  async decline(
    @Param() params: RelationshipRequestPathParams,
    @Body() _body: EmptyBody,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ customerId: string; requestId: string }>> {
    const { customerId, requestId } = params;
    const result = await this.commandBus.execute(new DeclineRelationshipCommand({ customerId, requestId }, context));
    return this.responder.respond(result, { customerId, requestId });
  }
}
