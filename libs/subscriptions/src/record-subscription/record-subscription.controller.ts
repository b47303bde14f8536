import { ApiProblemResponses, CurrentCommandContext, toUtcIso, WriteResponder, type WriteResponse } from '@ledger/api';
import type { CommandContext } from '@ledger/kernel';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SubscriptionWriteResponse } from '../subscription/subscription.http';
import { RecordSubscriptionDto } from './record-subscription.dto';
import { RecordSubscriptionCommand } from './record-subscription.handler';

@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class RecordSubscriptionController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'RecordSubscription',
    summary: 'RecordSubscription: record a subscription the customer bought, through CSP or another channel.',
    description:
      "`channel: csp`: sellers of the partner of record, which needs an active relationship with the customer. Other channels: the `program` or the customer's `global-admin`; " +
      'they have no partner of record. Beyond domain §4.4, a non-`csp` subscription naming a `partnerOfRecord` is refused with 422 `partner-of-record-not-allowed` ' +
      '(the domain says other channels have none, but names no code).',
  })
  @ApiCreatedResponse({ type: SubscriptionWriteResponse, description: 'The write is recorded: `{ position, ...ids }`.' })
  @ApiProblemResponses({
    403: "`forbidden`: `csp` — not a seller (recorded roles) of the partner of record; other channels — neither the `program` nor this customer's `global-admin`.",
    404: '`partner-not-found` (the partner of record), `customer-not-found`.',
    409: '`partner-not-approved`, `already-recorded`, `no-active-relationship` (`csp` without a partner of record with an active relationship), or `concurrency-conflict`.',
    422: '`partner-of-record-not-allowed`: a non-`csp` subscription names a partner of record (a ledger code not in domain §4.4); or `idempotency-key-reused`.',
  })
  async record(@Body() body: RecordSubscriptionDto, @CurrentCommandContext() context: CommandContext): Promise<WriteResponse<{ subscriptionId: string }>> {
    const { subscriptionId, customerId, offer, billing, channel, partnerOfRecord, termEndsAt } = body;
    const command = new RecordSubscriptionCommand(
      {
        subscriptionId,
        customerId,
        offer,
        billing,
        channel,
        ...(partnerOfRecord !== undefined ? { partnerOfRecord } : {}),
        ...(termEndsAt !== undefined ? { termEndsAt: toUtcIso(termEndsAt) } : {}),
      },
      context,
    );
    const result = await this.commandBus.execute(command);
    return this.responder.respond(result, { subscriptionId });
  }
}
