import { CurrentCommandContext, ApiProblemResponses, WriteResponder, type WriteResponse } from '@ledger/api';
import type { CommandContext } from '@ledger/kernel';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RegisterCustomerDto, RegisterCustomerResponse } from './register-customer.dto';
import { RegisterCustomerCommand } from './register-customer.handler';

@ApiTags('customers')
@Controller('v1/customers')
export class RegisterCustomerController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'RegisterCustomer',
    summary: 'RegisterCustomer: make a customer tenant known to the ledger.',
    description:
      "Sellers of any approved partner, or the customer's own `global-admin`. Registering creates no relationship, not even with the registering partner.",
  })
  @ApiCreatedResponse({ type: RegisterCustomerResponse, description: 'The write is recorded: `{ position, ...ids }`.' })
  @ApiProblemResponses({
    403: '`forbidden`: not a seller of an approved partner (recorded roles) nor the global admin of this very customer.',
    404: "`partner-not-found`: the acting partner user's partner is not enrolled.",
    409: '`partner-not-approved`, `already-registered`, `csp-partner-cannot-resell-to-csp-partner` (the tenant is an enrolled partner\'s CSP tenant), or `concurrency-conflict`.',
  })
  async register(@Body() body: RegisterCustomerDto, @CurrentCommandContext() context: CommandContext): Promise<WriteResponse<{ customerId: string }>> {
    const { customerId, companyName, domain, country, cloud } = body;
    const result = await this.commandBus.execute(new RegisterCustomerCommand({ customerId, companyName, domain, country, cloud }, context));
    return this.responder.respond(result, { customerId });
  }
}
