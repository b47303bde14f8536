import { ApiProblemResponses, CurrentCommandContext, toUtcIso, WriteResponder, type WriteResponse } from '@ledger/api';
import type { CommandContext } from '@ledger/kernel';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CustomerPartnerPathParams } from '../customer/customer.http';
import { CustomerPartnerWriteResponse, RemoveCustomerRelationshipDto } from './remove-customer-relationship.dto';
import { RemoveCustomerRelationshipCommand } from './remove-customer-relationship.handler';

@ApiTags('customers')
@Controller('v1/customers/:customerId/relationships/:partnerId/removal')
export class RemoveCustomerRelationshipController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'RemoveCustomerRelationship',
    summary: "RemoveCustomerRelationship: a partner ends its reseller relationship with the customer.",
    description:
      "Admins of `partnerId`. The partner's DAP grant is left unchanged (from then on a retained grant); other partners are untouched. " +
      'The attestation and legal-notice facts are recorded as given; the ledger generates no notice.',
  })
  @ApiOkResponse({ type: CustomerPartnerWriteResponse, description: 'The write is recorded: `{ position, ...ids }`.' })
  @ApiProblemResponses({
    403: '`forbidden`: not a user of `partnerId`, or not one of its admins (recorded roles).',
    404: '`partner-not-found`, `customer-not-found`.',
    409: '`partner-not-approved`, `relationship-not-found` (no active relationship), or `concurrency-conflict`.',
    422: '`attestation-required`: `attestation.goodFaith` is not `true`; or `idempotency-key-reused`.',
  })
  async remove(
    @Param() params: CustomerPartnerPathParams,
    @Body() body: RemoveCustomerRelationshipDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ customerId: string; partnerId: string }>> {
    const { customerId, partnerId } = params;
    const { attestation, legalNotice } = body;
    const command = new RemoveCustomerRelationshipCommand(
      {
        customerId,
        partnerId,
        attestation: { goodFaith: attestation.goodFaith, legitimateBusinessPurpose: attestation.legitimateBusinessPurpose },
        legalNotice: {
          required: legalNotice.required,
          ...(legalNotice.providedAt !== undefined ? { providedAt: toUtcIso(legalNotice.providedAt) } : {}),
        },
      },
      context,
    );
    const result = await this.commandBus.execute(command);
    return this.responder.respond(result, { customerId, partnerId });
  }
}
