import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import type { CommandResult } from '@ledger/event-store';
import type { CommandContext } from '@ledger/kernel';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CustomerPathParams } from '../customer/customer.http';
import type { CustomerEvent } from '../customer/customer.events';
import { InviteCustomerWithIndirectProviderCommand } from '../invite-customer-with-indirect-provider/invite-customer-with-indirect-provider.handler';
import { RelationshipRequestedResponse, RequestResellerRelationshipDto } from './request-reseller-relationship.dto';
import { RequestResellerRelationshipCommand } from './request-reseller-relationship.handler';

@ApiTags('customers')
@Controller('v1/customers/:customerId/relationship-requests')
export class RequestResellerRelationshipController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'RequestResellerRelationship',
    summary: 'RequestResellerRelationship, or InviteCustomerWithIndirectProvider when `indirectProviderId` is given.',
    description:
      'Sellers of `partnerId`. Asks the customer to accept `partnerId` as a reseller (optionally with DAP); with `indirectProviderId`, ' +
      'the indirect reseller `partnerId` invites the customer to accept both itself and that indirect provider.',
  })
  @ApiCreatedResponse({ type: RelationshipRequestedResponse, description: 'The write is recorded: `{ position, ...ids }`.' })
  @ApiProblemResponses({
    403: '`forbidden`: not a user of `partnerId`, or not one of its sellers (recorded roles).',
    404: '`partner-not-found` (`partnerId` or `indirectProviderId`), `customer-not-found`.',
    409: '`partner-not-approved`; invitation only: `no-active-partnership`; then `cross-cloud`, `relationship-exists`; or `concurrency-conflict`.',
  })
  async request(
    @Param() params: CustomerPathParams,
    @Body() body: RequestResellerRelationshipDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ requestId: string }>> {
    const { customerId } = params;
    const { partnerId, includeDelegatedAdmin, indirectProviderId } = body;
    const command =
      indirectProviderId === undefined
        ? new RequestResellerRelationshipCommand({ customerId, partnerId, includeDelegatedAdmin }, context)
        : new InviteCustomerWithIndirectProviderCommand(
            { customerId, resellerId: partnerId, providerId: indirectProviderId, includeDelegatedAdmin },
            context,
          );
    const result = await this.commandBus.execute<CommandResult<CustomerEvent>>(command);
    return this.responder.respond(result, { requestId: requestIdOf(result, context) });
  }
}

/** The request id the decider gave the request (it derives it from the command id). */
function requestIdOf(result: CommandResult<CustomerEvent>, context: CommandContext): string {
  const requested = result.events.find((event) => event.type === 'RelationshipRequested');
  return requested?.type === 'RelationshipRequested' ? requested.data.requestId : context.commandId;
}
