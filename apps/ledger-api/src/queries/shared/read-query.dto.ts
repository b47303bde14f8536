import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '@ledger/projections';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/*
 * Query parameters every read shares (api.md, Reads). Query strings are text: `limit` is
 * converted explicitly (@Type), everything else stays a string. Unknown parameters are refused
 * by the global ValidationPipe (400 `validation-failed`).
 */

/** A log position as the writes return it: a decimal string. */
export const POSITION_PATTERN = /^[0-9]{1,16}$/;

/** `?minPosition=`: every read served from a read model takes it. */
export class ReadModelQuery {
  @ApiPropertyOptional({
    description:
      'Read your own write: pass the `position` a write returned, and the answer waits (up to 5 s) until the read models include it; ' +
      'on timeout 503 `read-model-behind`.',
    example: '42',
    pattern: POSITION_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(POSITION_PATTERN, { message: 'minPosition must be a log position (a decimal number) as a write returned it' })
  minPosition?: string;
}

/** `?limit=&cursor=` (and `?minPosition=`) of every list served from a read model. */
export class PageQuery extends ReadModelQuery {
  @ApiPropertyOptional({ description: `Items per page, 1 to ${MAX_PAGE_LIMIT}.`, default: DEFAULT_PAGE_LIMIT, minimum: 1, maximum: MAX_PAGE_LIMIT, type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page; absent for the first page.', maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;
}

/** The paging part of a query, as the read models' query functions take it. */
export function pageRequestOf(query: PageQuery): { limit?: number; cursor?: string } {
  return {
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
    ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
  };
}
