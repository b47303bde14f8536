import { ApiProblemResponses, CurrentCommandContext, EmptyBody, WriteResponder, type WriteResponse } from '@ledger/api';
import type { CommandContext } from '@ledger/kernel';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SubscriptionPathParams, SubscriptionWriteResponse } from '../subscription/subscription.http';
import { CancelSubscriptionCommand } from './cancel-subscription.handler';

@ApiTags('subscriptions')
@Controller('v1/subscriptions/:subscriptionId/cancellation')
export class CancelSubscriptionController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'CancelSubscription',
    summary: 'CancelSubscription: end a subscription.',
    description: "Sellers of the partner of record (not a delegated manager), or the customer's `global-admin`. Nothing follows a cancellation.",
  })
  @ApiOkResponse({ type: SubscriptionWriteResponse, description: 'The write is recorded: `{ position, ...ids }`.' })
  @ApiProblemResponses({
    403: "`forbidden`: neither a seller (recorded roles) of the partner of record nor this subscription's customer's `global-admin`.",
    404: '`subscription-not-found`.',
    409: '`partner-not-approved` (partner actors), `subscription-not-active` (already cancelled), or `concurrency-conflict`.',
  })
  async cancel(
    @Param() params: SubscriptionPathParams,
    @Body() _body: EmptyBody,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ subscriptionId: string }>> {
    const { subscriptionId } = params;
    const result = await this.commandBus.execute(new CancelSubscriptionCommand({ subscriptionId }, context));
    return this.responder.respond(result, { subscriptionId });
  }
}
