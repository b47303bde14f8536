import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { IsIsoTime } from '../../http/field-formats';
import { PageQuery, POSITION_PATTERN, ReadModelQuery } from '../shared/read-query.dto';

/** `GET /v1/customers/{customerId}` — now (read model), or as of a time or log position (event log). */
export class GetCustomerQuery extends ReadModelQuery {
  @ApiPropertyOptional({
    description: 'The customer as it was at this time (ISO 8601, inclusive), replayed from the event log. Not with `atPosition`.',
    example: '2025-03-01T10:05:00Z',
    format: 'date-time',
  })
  @IsOptional()
  @IsIsoTime()
  asOf?: string;

  @ApiPropertyOptional({
    description: 'The customer as it was once the log reached this position (inclusive), replayed from the event log. Not with `asOf`.',
    example: '42',
    pattern: POSITION_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(POSITION_PATTERN, { message: 'atPosition must be a log position (a decimal number)' })
  atPosition?: string;
}

/**
 * `GET /v1/customers/{customerId}/history`: paged like every list. It is read from the event log,
 * which always includes every acknowledged write, so `minPosition` is accepted and never waits.
 */
export class CustomerHistoryQuery extends PageQuery {}
