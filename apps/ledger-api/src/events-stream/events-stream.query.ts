import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PUBLISHED_EVENT_TYPES, STREAM_CATEGORIES } from './event-catalogue';

/** `a,b` and `x=a&x=b` both mean [a, b]; blanks around names are ignored. */
function commaSeparated({ value }: { value: unknown }): unknown {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(','));
  return parts.map((part) => part.trim());
}

/** The query of `GET /v1/events/stream` (api.md, Subscribing). */
export class EventStreamQuery {
  @ApiPropertyOptional({
    description:
      'Where to start when no `Last-Event-ID` header is sent: a position (exclusive: the stream starts with the event after it), ' +
      '`start` (the beginning of the log, the default) or `end` (only events appended from now on).',
    example: 'start',
    pattern: '^(start|end|[0-9]{1,16})$',
  })
  @IsOptional()
  @IsString()
  @Matches(/^(start|end|[0-9]{1,16})$/, { message: 'from must be a position (a decimal number), "start" or "end"' })
  from?: string;

  @ApiPropertyOptional({
    description: 'Only these event types (comma-separated). Each must be a published event type (see /asyncapi.json).',
    example: 'ResellerRelationshipEstablished,CustomerRelationshipRemoved',
    type: String,
  })
  @IsOptional()
  @Transform(commaSeparated)
  @IsArray()
  @ArrayMaxSize(PUBLISHED_EVENT_TYPES.length)
  @IsIn(PUBLISHED_EVENT_TYPES, { each: true, message: `each of types must be one of the published event types: ${PUBLISHED_EVENT_TYPES.join(', ')}` })
  types?: string[];

  @ApiPropertyOptional({
    description: `Only events of streams of these categories (comma-separated): the stream id's prefix before its first "-", one of ${STREAM_CATEGORIES.join(', ')}.`,
    example: 'customer,partnership',
    type: String,
  })
  @IsOptional()
  @Transform(commaSeparated)
  @IsArray()
  @ArrayMaxSize(STREAM_CATEGORIES.length)
  @IsIn(STREAM_CATEGORIES, { each: true, message: `each of categories must be one of ${STREAM_CATEGORIES.join(', ')}` })
  categories?: string[];
}
