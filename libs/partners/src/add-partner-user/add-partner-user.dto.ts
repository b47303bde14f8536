import { ApiProperty } from '@nestjs/swagger';
import { PARTNER_ROLES, type PartnerRole } from '@ledger/kernel';
import { IsEmailAddress, IsLedgerId, IsPartnerRoles, IsShortText, SHORT_TEXT_MAX } from '@ledger/api';

/** Body of `POST /v1/partners/{partnerId}/users` (AddPartnerUser). */
export class AddPartnerUserDto {
  @ApiProperty({ format: 'uuid', description: 'The user\'s id (the `sub` of their tokens).' })
  @IsLedgerId()
  userId!: string;

  @ApiProperty({ maxLength: SHORT_TEXT_MAX, example: 'Grace Hopper' })
  @IsShortText()
  name!: string;

  @ApiProperty({ format: 'email', description: 'Unique among the partner\'s users (else 409 `duplicate-user-email`).', example: 'grace@contoso.example' })
  @IsEmailAddress()
  email!: string;

  @ApiProperty({ enum: PARTNER_ROLES, isArray: true, minItems: 1, uniqueItems: true, description: 'The roles the ledger records for the user; they decide what the user may do.' })
  @IsPartnerRoles()
  roles!: PartnerRole[];
}
