import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../shared/read-query.dto';

/** `a,b` and `type=a&type=b` both mean [a, b]. */
function commaSeparated({ value }: { value: unknown }): unknown {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(',')).map((part) => part.trim());
}

/** `GET /v1/audit/events?partnerId=&customerId=&actorUserId=&type=&from=&to=` */
export class AuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Events whose data names this partner (as partner, provider, reseller, partner of record, …).' })
  @IsOptional()
  @IsUUID('all', { message: 'partnerId must be a UUID' })
  partnerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Events whose data names this customer.' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;

  @ApiPropertyOptional({ description: 'Events done by this user (metadata.actor.userId).', maxLength: 256 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  actorUserId?: string;

  @ApiPropertyOptional({ description: 'Only events of this type; several comma-separated.', example: 'CustomerRelationshipRemoved', type: String })
  @IsOptional()
  @Transform(commaSeparated)
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Za-z][A-Za-z0-9]{0,99}$/, { each: true, message: 'type must be event type names (letters and digits), comma-separated' })
  type?: string[];

  @ApiPropertyOptional({ format: 'date-time', description: 'Events that occurred at or after this time (ISO 8601, inclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events that occurred at or before this time (ISO 8601, inclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 time' })
  to?: string;
}
