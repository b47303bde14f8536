import { CLOUDS, type Cloud, PARTNER_TYPES, type PartnerType } from '@ledger/kernel';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsOneOf } from '../../http/field-formats';
import { PageQuery } from '../shared/read-query.dto';

export const PARTNER_STATUSES = ['pending', 'approved', 'rejected'] as const;

/** `GET /v1/partners?type=&status=&cloud=` */
export class ListPartnersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PARTNER_TYPES, description: 'Only partners of this type.' })
  @IsOptional()
  @IsOneOf(PARTNER_TYPES)
  type?: PartnerType;

  @ApiPropertyOptional({ enum: PARTNER_STATUSES, description: 'Only partners whose enrollment is in this status.' })
  @IsOptional()
  @IsOneOf(PARTNER_STATUSES)
  status?: (typeof PARTNER_STATUSES)[number];

  @ApiPropertyOptional({ enum: CLOUDS, description: 'Only partners in this cloud.' })
  @IsOptional()
  @IsOneOf(CLOUDS)
  cloud?: Cloud;
}
