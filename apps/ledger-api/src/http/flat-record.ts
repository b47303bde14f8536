/**
 * A plain object (or one without a prototype, as parsed query strings are) whose own values are
 * all primitives: what a path or a query string becomes, and a flat body.
 */
export function isFlatRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if ((typeof item === 'object' && item !== null) || typeof item === 'function') return false;
  }
  return true;
}

/**
 * What Nest's `stripProtoKeys` does to a flat record, without its walk: it deletes the record's
 * own `__proto__`, `prototype` and `constructor` keys (a `constructor` of a flat record can only be
 * a primitive, never one of the built-in classes Nest leaves alone) and has nothing to descend into.
 */
export function stripFlatRecordProtoKeys(record: Record<string, unknown>): void {
  const keys = record as { __proto__?: unknown; prototype?: unknown; constructor?: unknown };
  delete keys.__proto__;
  delete keys.prototype;
  delete keys.constructor;
}
