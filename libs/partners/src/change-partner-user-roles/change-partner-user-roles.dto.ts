import { ApiProperty } from '@nestjs/swagger';
import { PARTNER_ROLES, type PartnerRole } from '@ledger/kernel';
import { IsPartnerRoles } from '@ledger/api';

/** Body of `PUT /v1/partners/{partnerId}/users/{userId}/roles`: the user's roles from now on. */
export class ChangePartnerUserRolesDto {
  @ApiProperty({ enum: PARTNER_ROLES, isArray: true, minItems: 1, uniqueItems: true, description: 'Replaces the user\'s roles; a partner keeps at least one `global-admin`.' })
  @IsPartnerRoles()
  roles!: PartnerRole[];
}
