import type { Position } from '@ledger/event-store';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { RequestValidationError } from '../errors/problem-details';
import { PUBLISHED_EVENT_TYPES, STREAM_CATEGORIES } from './event-catalogue';

/** A log position as clients send it: a decimal string of at most 16 digits (always below 2^53 in SQLite). */
const POSITION_TEXT = /^[0-9]{1,16}$/;

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

/** Name of the header an EventSource client sends on reconnection, holding the last `id` it received. */
export const LAST_EVENT_ID_HEADER = 'last-event-id';

/**
 * The position the stream resumes after: the Last-Event-ID header wins over `from` (api.md), and
 * `end` needs the current head. A malformed header is a 400 like a malformed query.
 */
export async function resolveStreamStart(
  lastEventId: string | undefined,
  from: string | undefined,
  headPosition: () => Promise<Position>,
): Promise<{ readonly after: Position; readonly source: 'last-event-id' | 'from' | 'start' | 'end' }> {
  if (lastEventId !== undefined) {
    const text = lastEventId.trim();
    if (!POSITION_TEXT.test(text)) {
      throw new RequestValidationError([
        { field: 'Last-Event-ID', messages: ['Last-Event-ID must be the id of an event of this stream (a decimal position)'] },
      ]);
    }
    return { after: Number(text), source: 'last-event-id' };
  }
  if (from === undefined || from === 'start') return { after: 0, source: 'start' };
  if (from === 'end') return { after: await headPosition(), source: 'end' };
  return { after: Number(from), source: 'from' };
}
