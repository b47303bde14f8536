import { CLOUDS, type Cloud, PARTNER_TYPES, type PartnerType } from '@ledger/kernel';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../shared/read-query.dto';

export const PARTNER_STATUSES = ['pending', 'approved', 'rejected'] as const;

/** `GET /v1/partners?type=&status=&cloud=` */
export class ListPartnersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PARTNER_TYPES, description: 'Only partners of this type.' })
  @IsOptional()
  @IsIn([...PARTNER_TYPES], { message: `type must be one of: ${PARTNER_TYPES.join(', ')}` })
  type?: PartnerType;

  @ApiPropertyOptional({ enum: PARTNER_STATUSES, description: 'Only partners whose enrollment is in this status.' })
  @IsOptional()
  @IsIn([...PARTNER_STATUSES], { message: `status must be one of: ${PARTNER_STATUSES.join(', ')}` })
  status?: (typeof PARTNER_STATUSES)[number];

  @ApiPropertyOptional({ enum: CLOUDS, description: 'Only partners in this cloud.' })
  @IsOptional()
  @IsIn([...CLOUDS], { message: `cloud must be one of: ${CLOUDS.join(', ')}` })
  cloud?: Cloud;
}
