/**
 * Cursor paging for list queries (api.md "Reads"): `?limit=` (default 100, max 1000) and an opaque
 * `?cursor=`, answered as `{ items, nextCursor }`. A cursor is the base64url JSON of the sort key of
 * the last item returned; the next page starts strictly after it, so pages neither skip nor repeat
 * rows even while new rows arrive.
 */

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

export interface Page<T> {
  readonly items: T[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly limit?: number;
  readonly cursor?: string | null;
}

/** A query parameter the read model cannot use. The API answers 400 `validation-failed` naming `field`. */
export class InvalidQueryError extends Error {
  override readonly name: string = 'InvalidQueryError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A cursor that this ledger did not hand out (or for another list). */
export class InvalidCursorError extends InvalidQueryError {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('cursor', 'The cursor is not one this list handed out.');
  }
}

export type CursorKey = readonly (string | number)[];

/** The page size to use: default 100, at least 1, at most 1000. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_LIMIT;
  return Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(limit)));
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor whose key has the given element kinds, e.g. `['string']` or `['number']`. */
export function decodeCursor<K extends CursorKey>(cursor: string, shape: readonly ('string' | 'number')[]): K {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(key) || key.length !== shape.length || !key.every((part, i) => typeof part === shape[i])) {
    throw new InvalidCursorError();
  }
  return key as unknown as K;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells that another page exists.
 */
export function toPage<Row, Item>(rows: readonly Row[], limit: number, keyOf: (row: Row) => CursorKey, toItem: (row: Row) => Item): Page<Item> {
  const hasMore = rows.length > limit;
  const included = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: included.map(toItem),
    nextCursor: hasMore ? encodeCursor(keyOf(included[included.length - 1]!)) : null,
  };
}
