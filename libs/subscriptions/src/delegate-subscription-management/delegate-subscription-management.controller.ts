import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import type { CommandContext } from '@ledger/kernel';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SubscriptionPathParams } from '../subscription/subscription.http';
import { DelegateSubscriptionManagementDto, SubscriptionDelegatedResponse } from './delegate-subscription-management.dto';
import { DelegateSubscriptionManagementCommand } from './delegate-subscription-management.handler';

@ApiTags('subscriptions')
@Controller('v1/subscriptions/:subscriptionId/management-delegation')
export class DelegateSubscriptionManagementController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'DelegateSubscriptionManagement',
    summary: 'DelegateSubscriptionManagement: the customer hires a partner to manage a subscription (multi-channel).',
    description: "The customer's `global-admin`. The partner of record is unchanged.",
  })
  @ApiOkResponse({ type: SubscriptionDelegatedResponse, description: 'The write is recorded: `{ position, ...ids }`.' })
  @ApiProblemResponses({
    403: "`forbidden`: not this subscription's customer's `global-admin`.",
    404: '`subscription-not-found`, `partner-not-found`.',
    409: '`subscription-not-active`, `no-active-relationship` (the partner has no active relationship with the customer), or `concurrency-conflict`.',
  })
  async delegate(
    @Param() params: SubscriptionPathParams,
    @Body() body: DelegateSubscriptionManagementDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ subscriptionId: string; partnerId: string }>> {
    const { subscriptionId } = params;
    const { partnerId } = body;
    const result = await this.commandBus.execute(new DelegateSubscriptionManagementCommand({ subscriptionId, partnerId }, context));
    return this.responder.respond(result, { subscriptionId, partnerId });
  }
}
