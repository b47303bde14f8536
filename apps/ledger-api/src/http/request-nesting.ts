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
 * Walks a parsed JSON value (body or query) without recursion and reports the first flaw:
 * nesting deeper than `limit`, or a string or key holding a lone surrogate (`"\ud800"` is valid
 * JSON; validator's isEmail/isURL throw a URIError on it — a 500, found by the fuzz suite).
 */
export function requestValueFlaw(value: unknown, limit: number = MAX_REQUEST_NESTING): RequestValueFlaw | undefined {
  const pending: Array<{ readonly node: unknown; readonly depth: number }> = [{ node: value, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) return 'lone-surrogate';
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > limit) return 'too-deep';
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (LONE_SURROGATE.test(key)) return 'lone-surrogate';
      pending.push({ node: child, depth: depth + 1 });
    }
  }
  return undefined;
}
