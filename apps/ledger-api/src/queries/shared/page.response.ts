import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** The body of every list (api.md, Reads). */
export interface PageBody<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/**
 * An OpenAPI class for a page of `item`s, named `name` in the document's schemas (documentation
 * only: controllers return plain objects).
 */
export function pageResponse(item: Type<unknown>, name: string): Type<PageBody<unknown>> {
  class Page {
    @ApiProperty({ type: [item] })
    items!: unknown[];

    @ApiProperty({ type: String, nullable: true, description: 'Pass it as `?cursor=` for the next page; null on the last page.' })
    nextCursor!: string | null;
  }
  Object.defineProperty(Page, 'name', { value: name });
  return Page;
}

/** Log positions leave the API as decimal strings, like the writes' `position` (no client rounds them). */
export function formatPosition(position: number): string {
  return String(position);
}
