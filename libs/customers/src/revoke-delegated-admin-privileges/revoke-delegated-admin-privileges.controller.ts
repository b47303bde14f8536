import { ApiProblemResponses, CurrentCommandContext, EmptyBody, WriteResponder, type WriteResponse } from '@ledger/api';
import type { CommandContext } from '@ledger/kernel';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CustomerPartnerPathParams } from '../customer/customer.http';
import { CustomerPartnerWriteResponse } from '../remove-customer-relationship/remove-customer-relationship.dto';
import { RevokeDelegatedAdminPrivilegesCommand } from './revoke-delegated-admin-privileges.handler';

@ApiTags('customers')
@Controller('v1/customers/:customerId/dap-grants/:partnerId/revocation')
export class RevokeDelegatedAdminPrivilegesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'RevokeDelegatedAdminPrivileges',
    summary: "RevokeDelegatedAdminPrivileges: end a partner's DAP grant on the customer's tenant.",
    description:
      "The customer's `global-admin` (recorded `revokedBy: customer`), or admins of `partnerId` giving the grant up (`revokedBy: partner`). " +
      'Works on retained grants too; the relationship, if any, is unchanged.',
  })
  @ApiOkResponse({ type: CustomerPartnerWriteResponse, description: 'The write is recorded: `{ position, ...ids }`.' })
  @ApiProblemResponses({
    403: "`forbidden`: neither this customer's `global-admin` nor an admin of `partnerId` (recorded roles).",
    404: '`partner-not-found`, `customer-not-found`.',
    409: '`partner-not-approved` (partner actors), `grant-not-found` (no active grant), or `concurrency-conflict`.',
  })
  async revoke(
    @Param() params: CustomerPartnerPathParams,
    @Body() _body: EmptyBody,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ customerId: string; partnerId: string }>> {
    const { customerId, partnerId } = params;
    const result = await this.commandBus.execute(new RevokeDelegatedAdminPrivilegesCommand({ customerId, partnerId }, context));
    return this.responder.respond(result, { customerId, partnerId });
  }
}
