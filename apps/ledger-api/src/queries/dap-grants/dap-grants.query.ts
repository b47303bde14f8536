import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsLedgerId, IsOneOf } from '../../http/field-formats';
import { PageQuery } from '../shared/read-query.dto';

export const DAP_GRANT_STATUSES = ['active', 'retained', 'revoked'] as const;

/** `GET /v1/dap-grants?status=active|retained|revoked&partnerId=&customerId=` */
export class ListDapGrantsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: DAP_GRANT_STATUSES,
    description: '`retained`: the relationship was removed while the DAP grant stays active (the compliance risk). `active` includes retained ones.',
  })
  @IsOptional()
  @IsOneOf(DAP_GRANT_STATUSES)
  status?: (typeof DAP_GRANT_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: "Only this partner's grants (a partner user always gets only its own)." })
  @IsOptional()
  @IsLedgerId()
  partnerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only grants on this customer's tenant (a customer always gets only its own)." })
  @IsOptional()
  @IsLedgerId()
  customerId?: string;
}
