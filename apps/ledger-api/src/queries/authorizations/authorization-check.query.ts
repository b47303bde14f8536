import { AUTHORIZATION_ACTIONS } from '@ledger/customers';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { ReadModelQuery } from '../shared/read-query.dto';

/**
 * `GET /v1/authorizations/check?partnerId=&customerId=&action=submit-order|administer-tenant&asOf=`.
 * Answered from the event log (always current): `minPosition` is accepted and never waits.
 */
export class AuthorizationCheckQuery extends ReadModelQuery {
  @ApiProperty({ format: 'uuid', description: 'The partner that wants to act.' })
  @IsUUID('all', { message: 'partnerId must be a UUID' })
  partnerId!: string;

  @ApiProperty({ format: 'uuid', description: 'The customer it wants to act for.' })
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId!: string;

  @ApiProperty({
    enum: AUTHORIZATION_ACTIONS,
    description: '`submit-order` needs an active reseller relationship; `administer-tenant` an active DAP grant (relationship or not).',
  })
  @IsIn([...AUTHORIZATION_ACTIONS], { message: `action must be one of: ${AUTHORIZATION_ACTIONS.join(', ')}` })
  action!: (typeof AUTHORIZATION_ACTIONS)[number];

  @ApiPropertyOptional({ format: 'date-time', description: 'Ask about this moment (ISO 8601, inclusive); default now.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 time' })
  asOf?: string;
}
