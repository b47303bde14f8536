/**
 * Deepest nesting of objects and arrays a request may carry. Every DTO is a few levels deep; the
 * limit only exists because class-transformer walks a payload recursively and a body nested some
 * thousands of levels overflowed the call stack (a 500, found by test/reliability/fuzz.int-spec.ts).
 */
export const MAX_REQUEST_NESTING = 32;

/** A UTF-16 surrogate without its pair: not text in any encoding the ledger stores or answers. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What makes a parsed request value unfit for validation, if anything. */
export type RequestValueFlaw = 'too-deep' | 'lone-surrogate';

/**
 * Walks a parsed JSON value (body or query) and reports the first flaw it meets: nesting deeper
 * than `limit`, or a string or key holding a lone surrogate (`"\ud800"` is valid JSON; validator's
 * isEmail/isURL throw a URIError on it — a 500, found by the fuzz suite). Either flaw is the same
 * refusal (400 `validation-failed`); which one a value with both is reported for is not specified.
 *
 * Depth first, each key checked before its child. The recursion stops at `limit` levels, so a
 * value nested thousands of levels deep cannot overflow the call stack; nothing is allocated per
 * node but each object's key list (this runs on every path, query and body).
 */
export function requestValueFlaw(value: unknown, limit: number = MAX_REQUEST_NESTING): RequestValueFlaw | undefined {
  return flawOf(value, 0, limit);
}

function flawOf(node: unknown, depth: number, limit: number): RequestValueFlaw | undefined {
  if (typeof node === 'string') return LONE_SURROGATE.test(node) ? 'lone-surrogate' : undefined;
  if (typeof node !== 'object' || node === null) return undefined;
  if (depth + 1 > limit) return 'too-deep';
  for (const key of Object.keys(node)) {
    if (LONE_SURROGATE.test(key)) return 'lone-surrogate';
    const flaw = flawOf((node as Record<string, unknown>)[key], depth + 1, limit);
    if (flaw !== undefined) return flaw;
  }
  return undefined;
}
