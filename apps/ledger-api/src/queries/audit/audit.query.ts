import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, Matches } from 'class-validator';
import { IsIsoTime, IsLedgerId, IsShortText, normalizeLedgerId, SHORT_TEXT_MAX } from '../../http/field-formats';
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
  @IsLedgerId()
  partnerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Events whose data names this customer.' })
  @IsOptional()
  @IsLedgerId()
  customerId?: string;

  @ApiPropertyOptional({ description: 'Events done by this user (metadata.actor.userId; a UUID-shaped one in lower case).', maxLength: SHORT_TEXT_MAX })
  @IsOptional()
  // Any text (program and service users are named freely), but a UUID is lower-cased like the
  // token's `sub` it was recorded from (auth.guard.ts).
  @Transform(({ value }: { value: unknown }) => normalizeLedgerId(value), { toClassOnly: true })
  @IsShortText()
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
  @IsIsoTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events that occurred at or before this time (ISO 8601, inclusive).' })
  @IsOptional()
  @IsIsoTime()
  to?: string;
}
