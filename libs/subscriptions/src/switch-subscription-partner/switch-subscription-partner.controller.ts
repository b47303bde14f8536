import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import type { CommandContext } from '@ledger/kernel';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SubscriptionPathParams } from '../subscription/subscription.http';
import { SubscriptionPartnerSwitchedResponse, SwitchSubscriptionPartnerDto } from './switch-subscription-partner.dto';
import { SwitchSubscriptionPartnerCommand } from './switch-subscription-partner.handler';

@ApiTags('subscriptions')
@Controller('v1/subscriptions/:subscriptionId/partner-switch')
export class SwitchSubscriptionPartnerController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'SwitchSubscriptionPartner',
    summary: 'SwitchSubscriptionPartner: move a subscription to another partner of record.',
    description:
      "The customer's `global-admin`. `usage` (Azure) subscriptions may switch at any time; `license` ones only once `termEndsAt` has passed. " +
      'The channel recorded at purchase and the manager do not change.',
  })
  @ApiOkResponse({ type: SubscriptionPartnerSwitchedResponse, description: 'The write is recorded: `{ position, ...ids }`.' })
  @ApiProblemResponses({
    403: "`forbidden`: not this subscription's customer's `global-admin`.",
    404: '`subscription-not-found`, `partner-not-found`.',
    409: '`subscription-not-active`, `license-term-not-ended`, `no-active-relationship` (the target has no active relationship), or `concurrency-conflict`.',
  })
  async switchPartner(
    @Param() params: SubscriptionPathParams,
    @Body() body: SwitchSubscriptionPartnerDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ subscriptionId: string; toPartnerId: string }>> {
    const { subscriptionId } = params;
    const { toPartnerId } = body;
    const result = await this.commandBus.execute(new SwitchSubscriptionPartnerCommand({ subscriptionId, toPartnerId }, context));
    return this.responder.respond(result, { subscriptionId, toPartnerId });
  }
}
