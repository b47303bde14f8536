import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/kernel';
import { ApiProblemResponses, CurrentCommandContext, WriteResponder, type WriteResponse } from '@ledger/api';
import { EnrollPartnerDto, EnrollPartnerResponse } from './enroll-partner.dto';
import { EnrollPartnerCommand } from './enroll-partner.handler';

@ApiTags('partners')
@ApiBearerAuth('bearer')
@Controller('v1/partners')
export class EnrollPartnerController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'EnrollPartner',
    summary: 'EnrollPartner: submit a partner enrollment',
    description: 'By a `partner` actor whose `tid` is `partnerId` and whose token claims `global-admin`. Records the enrolling user (`sub`) with `global-admin` and `admin-agent`.',
  })
  @ApiCreatedResponse({ type: EnrollPartnerResponse })
  @ApiProblemResponses(403, {
    409: '`already-enrolled`, `mpn-id-in-use`, or `concurrency-conflict`.',
    422: '`mpn-country-mismatch`, `webmail-not-accepted` (or `idempotency-key-reused`).',
  })
  async enroll(
    @Body() body: EnrollPartnerDto,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<WriteResponse<{ partnerId: string; status: 'pending' }>> {
    const { legalProfile, primaryContact, supportContact } = body;
    const command = new EnrollPartnerCommand(
      {
        partnerId: body.partnerId,
        partnerType: body.partnerType,
        mpnId: body.mpnId,
        cloud: body.cloud,
        tenantCountry: body.tenantCountry,
        legalProfile: { name: legalProfile.name, address: legalProfile.address, country: legalProfile.country },
        primaryContact: { name: primaryContact.name, email: primaryContact.email, phone: primaryContact.phone },
        supportContact: {
          email: supportContact.email,
          phone: supportContact.phone,
          ...(supportContact.website ? { website: supportContact.website } : {}),
        },
      },
      context,
    );
    const result = await this.commandBus.execute(command);
    return this.responder.respond(result, { partnerId: body.partnerId, status: 'pending' as const });
  }
}
