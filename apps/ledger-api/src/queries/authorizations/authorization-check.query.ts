import { AUTHORIZATION_ACTIONS } from '@ledger/customers';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIsoTime, IsLedgerId, IsOneOf } from '../../http/field-formats';
import { ReadModelQuery } from '../shared/read-query.dto';

/**
 * `GET /v1/authorizations/check?partnerId=&customerId=&action=submit-order|administer-tenant&asOf=`.
 * Answered from the event log (always current): `minPosition` is accepted and never waits.
 */
export class AuthorizationCheckQuery extends ReadModelQuery {
  @ApiProperty({ format: 'uuid', description: 'The partner that wants to act.' })
  @IsLedgerId()
  partnerId!: string;

  @ApiProperty({ format: 'uuid', description: 'The customer it wants to act for.' })
  @IsLedgerId()
  customerId!: string;

  @ApiProperty({
    enum: AUTHORIZATION_ACTIONS,
    description: '`submit-order` needs an active reseller relationship; `administer-tenant` an active DAP grant (relationship or not).',
  })
  @IsOneOf(AUTHORIZATION_ACTIONS)
  action!: (typeof AUTHORIZATION_ACTIONS)[number];

  @ApiPropertyOptional({ format: 'date-time', description: 'Ask about this moment (ISO 8601, inclusive); default now.' })
  @IsOptional()
  @IsIsoTime()
  asOf?: string;
}
