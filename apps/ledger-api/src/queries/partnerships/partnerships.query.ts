import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../shared/read-query.dto';

export const PARTNERSHIP_STATUSES = ['active', 'ended'] as const;
export const INVITATION_STATUSES = ['open', 'accepted'] as const;

/** `GET /v1/partners/{resellerId}/indirect-providers` and `/{providerId}/indirect-resellers`. */
export class PartnershipListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PARTNERSHIP_STATUSES, description: 'Only active or only ended partnerships (default: both).' })
  @IsOptional()
  @IsIn([...PARTNERSHIP_STATUSES], { message: `status must be one of: ${PARTNERSHIP_STATUSES.join(', ')}` })
  status?: (typeof PARTNERSHIP_STATUSES)[number];
}

/** `GET /v1/partners/{partnerId}/partnership-invitations?status=open` */
export class InvitationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES, description: 'Only open (not yet authorized) or only accepted invitations (default: both).' })
  @IsOptional()
  @IsIn([...INVITATION_STATUSES], { message: `status must be one of: ${INVITATION_STATUSES.join(', ')}` })
  status?: (typeof INVITATION_STATUSES)[number];
}
