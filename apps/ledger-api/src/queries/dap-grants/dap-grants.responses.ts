import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { pageResponse } from '../shared/page.response';
import { DAP_GRANT_STATUSES } from './dap-grants.query';

/** An item of `GET /v1/dap-grants` (documentation only). */
export class DapGrantResponse {
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty({ enum: DAP_GRANT_STATUSES, description: '`retained` for an active grant whose relationship is gone, else `active` or `revoked`.' }) status!: string;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the relationship was removed while the grant stayed active.' }) retainedSince?: string;
  @ApiPropertyOptional({ format: 'date-time' }) revokedAt?: string;
  @ApiPropertyOptional({ enum: ['customer', 'partner'] }) revokedBy?: string;
}

export const DapGrantPageResponse = pageResponse(DapGrantResponse, 'DapGrantPage');
