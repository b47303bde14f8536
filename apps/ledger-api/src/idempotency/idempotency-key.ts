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

/** JSON with object keys sorted at every level, so equal values serialize equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
