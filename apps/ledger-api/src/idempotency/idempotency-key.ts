import { createHash } from 'node:crypto';

/** The header a client sets on a write to make retrying it safe (api.md, Writes). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Set on an answer that is a replay of the first answer to the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** The HTTP methods that write, and so honour Idempotency-Key. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** 1–255 visible ASCII characters: UUIDs, ULIDs and the usual client-made keys all fit. */
const ACCEPTABLE_KEY = /^[\x21-\x7e]{1,255}$/;

export function isAcceptableIdempotencyKey(key: string): boolean {
  return ACCEPTABLE_KEY.test(key);
}

/**
 * A fingerprint of a request body, insensitive to key order and whitespace: two bodies that mean
 * the same JSON hash the same. "The same key with another body" (422) compares these.
 */
export function bodyFingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body ?? null)).digest('base64url');
}

/**
 * JSON with object keys sorted at every level, so equal values serialize equally. Written with an
 * explicit stack rather than recursion: the fingerprint is taken before the body is validated, and
 * a hostile body nested 10,000 levels deep must get its 400 from validation, not overflow the call
 * stack here (found by test/reliability/fuzz.int-spec.ts). The output is exactly the recursive
 * definition's for every JSON value (arrays write `undefined` items as null, objects leave `undefined` members out).
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // Pending work, last first: a value still to write, or a piece of punctuation.
  const pending: Array<{ readonly value: unknown } | { readonly text: string }> = [{ value }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if ('text' in next) {
      out.push(next.text);
      continue;
    }
    const current = next.value;
    if (current === null || typeof current !== 'object') {
      out.push(JSON.stringify(current) ?? 'null');
    } else if (Array.isArray(current)) {
      out.push('[');
      pending.push({ text: ']' });
      for (let index = current.length - 1; index >= 0; index -= 1) {
        const item: unknown = current[index];
        pending.push({ value: item === undefined ? null : item });
        if (index > 0) pending.push({ text: ',' });
      }
    } else {
      const entries = Object.entries(current as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      out.push('{');
      pending.push({ text: '}' });
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, item] = entries[index]!;
        pending.push({ value: item });
        pending.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
      }
    }
  }
  return out.join('');
}
