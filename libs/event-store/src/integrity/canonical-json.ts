/**
 * The one text form of a JSON value that the hash chain hashes: object keys sorted (by UTF-16 code
 * units, recursively), no whitespace, strings and numbers written as JSON.stringify writes them.
 * For the strict JSON the store accepts (see append-validation.ts) this is the canonical form of
 * RFC 8785 (JCS).
 *
 * Why canonical: the same event must hash the same when it is written (a fresh object from
 * `decide`, keys in whatever order the code built them) and when it is read back years later
 * (parsed from the stored JSON, possibly by another adapter that orders keys differently).
 *
 * An object property whose value is `undefined` is an absent field, as in JSON.stringify (the store
 * drops it too). Anything JSON cannot carry faithfully — `undefined` elsewhere, NaN, ±Infinity,
 * functions, symbols, BigInt, class instances such as Date — is refused with a TypeError rather
 * than hashed in some lossy form.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${String(value)} is not a JSON number.`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${Array.from(value, (item: unknown) => canonicalJson(arrayItem(item))).join(',')}]`;
      if (!isPlainObject(value)) throw new TypeError(`canonicalJson: a ${value.constructor?.name ?? 'object'} instance is not plain JSON.`);
      return `{${Object.keys(value)
        .filter((key) => value[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
        .join(',')}}`;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON.`);
  }
}

function arrayItem(item: unknown): unknown {
  if (item === undefined) throw new TypeError('canonicalJson: undefined (or a hole) inside an array is not JSON.');
  return item;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
