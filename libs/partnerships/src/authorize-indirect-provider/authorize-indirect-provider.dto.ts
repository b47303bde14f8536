import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsLedgerId, IsOpaqueId } from '@ledger/api';

/** Body of `POST /v1/partners/{resellerId}/indirect-providers` (AuthorizeIndirectProvider). */
export class AuthorizeIndirectProviderDto {
  @ApiProperty({ format: 'uuid', description: 'The inviting indirect provider.' })
  @IsLedgerId()
  providerId!: string;

  @ApiProperty({ description: 'The invitation\'s id as InviteReseller returned it (opaque, kept as sent).', maxLength: 256 })
  @IsOpaqueId()
  invitationId!: string;

  @ApiProperty({
    description: 'The reseller checked the consent box granting `submit-orders` and `reseller-tenant-admin`; `false` is refused with 422 `consent-required`.',
  })
  @IsBoolean()
  consent!: boolean;
}
