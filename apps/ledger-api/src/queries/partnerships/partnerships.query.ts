import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsOneOf } from '../../http/field-formats';
import { PageQuery } from '../shared/read-query.dto';

export const PARTNERSHIP_STATUSES = ['active', 'ended'] as const;
export const INVITATION_STATUSES = ['open', 'accepted'] as const;

/** `GET /v1/partners/{resellerId}/indirect-providers` and `/{providerId}/indirect-resellers`. */
export class PartnershipListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PARTNERSHIP_STATUSES, description: 'Only active or only ended partnerships (default: both).' })
  @IsOptional()
  @IsOneOf(PARTNERSHIP_STATUSES)
  status?: (typeof PARTNERSHIP_STATUSES)[number];
}

/** `GET /v1/partners/{partnerId}/partnership-invitations?status=open` */
export class InvitationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES, description: 'Only open (not yet authorized) or only accepted invitations (default: both).' })
  @IsOptional()
  @IsOneOf(INVITATION_STATUSES)
  status?: (typeof INVITATION_STATUSES)[number];
}
