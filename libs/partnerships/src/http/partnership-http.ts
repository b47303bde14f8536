import { ApiProperty } from '@nestjs/swagger';
import { IsLedgerId, WriteResponseBody } from '@ledger/api';

/*
 * Path parameters and answers shared by the partnership routes. The field formats are the
 * platform's (`@ledger/api`, api.md "Field formats" spelled once): ids are lower-cased UUIDs.
 */

export class ProviderPathParams {
  @ApiProperty({ format: 'uuid', description: 'The indirect provider (a partner id).' })
  @IsLedgerId()
  providerId!: string;
}

export class ResellerPathParams {
  @ApiProperty({ format: 'uuid', description: 'The indirect reseller (a partner id).' })
  @IsLedgerId()
  resellerId!: string;
}

/** Both sides of a partnership, for the routes whose path names the pair. */
export class PartnershipPathParams {
  @ApiProperty({ format: 'uuid', description: 'The indirect provider (a partner id).' })
  @IsLedgerId()
  providerId!: string;

  @ApiProperty({ format: 'uuid', description: 'The indirect reseller (a partner id).' })
  @IsLedgerId()
  resellerId!: string;
}

export class PartnershipWriteResponse extends WriteResponseBody {
  @ApiProperty({ format: 'uuid' })
  providerId!: string;

  @ApiProperty({ format: 'uuid' })
  resellerId!: string;
}

export class InvitationWriteResponse extends PartnershipWriteResponse {
  @ApiProperty({ description: 'The invitation\'s id, as the ledger made it; the reseller quotes it to authorize the provider.' })
  invitationId!: string;
}
