import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { IsLedgerId, WriteResponseBody } from '@ledger/api';

/**
 * `POST /v1/customers/{customerId}/relationship-requests` body. Without `indirectProviderId` it is
 * RequestResellerRelationship by `partnerId`; with it, InviteCustomerWithIndirectProvider, where
 * `partnerId` is the inviting indirect reseller and `indirectProviderId` its indirect provider.
 */
export class RequestResellerRelationshipDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The requesting partner; with `indirectProviderId`, the indirect reseller inviting the customer.',
  })
  @IsLedgerId()
  partnerId!: string;

  @ApiProperty({ description: 'Also ask for delegated admin privileges (DAP) for `partnerId`. Strictly a boolean.' })
  @IsBoolean()
  includeDelegatedAdmin!: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Makes this an InviteCustomerWithIndirectProvider: the indirect provider invited together with the reseller `partnerId`. It never gets DAP through the invitation.',
  })
  @IsOptional()
  @IsLedgerId()
  indirectProviderId?: string;
}

export class RelationshipRequestedResponse extends WriteResponseBody {
  @ApiProperty({ description: 'The request the customer accepts or declines by.' })
  requestId!: string;
}
