import fc from 'fast-check';
import type { SchemaObject } from './openapi';

/*
 * fast-check arbitraries for hostile input: strings, values, JSON texts, keys, path segments and
 * query strings that have broken web services before. JSON is produced as TEXT from a small tree
 * (`JsonTree`), because only text can carry an own `"__proto__"` key, a duplicate key, a lone
 * surrogate escape or a number no JavaScript value round-trips (1e400, -0, 2^53+1).
 */

/** A JSON document as a tree of already-serialised leaves. */
export type JsonTree =
  | { readonly leaf: string }
  | { readonly array: readonly JsonTree[] }
  | { readonly object: ReadonlyArray<readonly [key: string, value: JsonTree]> };

export function jsonText(tree: JsonTree): string {
  if ('leaf' in tree) return tree.leaf;
  if ('array' in tree) return `[${tree.array.map(jsonText).join(',')}]`;
  return `{${tree.object.map(([key, value]) => `${JSON.stringify(key)}:${jsonText(value)}`).join(',')}}`;
}

export const leaf = (value: unknown): JsonTree => ({ leaf: JSON.stringify(value) });

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Keys that pollute prototypes when a merge or a path setter trusts them. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const NAMED_HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\u202egnp.exe',
  '\u200f\u200e\u202a\u202b\u202c',
  'שלום עולם',
  'مرحبا بالعالم',
  '𝕳𝖊𝖑𝖑𝖔',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Z̸̡̢͓̈́a̷̧̛l̵̨̈́g̶o̴',
  '\ufeff',
  '\r\n\r\nHTTP/1.1 200 OK',
  "' OR 1=1 --",
  '" OR ""="',
  "'; DROP TABLE events; --",
  "1 UNION SELECT id, data, metadata FROM events --",
  "') OR json_extract(metadata, '$.actor') IS NOT NULL --",
  '../',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f',
  '%2e%2e/',
  '..%2f..%2f',
  '%00',
  '%',
  '%zz',
  '/v1/partners',
  '?',
  '#',
  ...PROTOTYPE_KEYS,
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  '-1',
  '0x10',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '2025-02-30T25:61:61Z',
  '0000-00-00T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  'yesterday',
  'admin@gmail.com',
  'a@b',
  '@',
  'a@b.c\u0000@evil.example',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
];

/** Strings that break naive code: unicode edge cases, injections, traversal, numbers and dates as text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NAMED_HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
  // Long: just over the 256/2000 limits, and far over them.
  { weight: 1, arbitrary: fc.constantFrom(257, 2001, 10_000, 100_000).chain((length) => fc.constantFrom('A', 'é', '𝕳', '\u0000').map((unit) => unit.repeat(length))) },
);

/** Number literals as JSON text, including ones no double holds exactly. */
const hostileNumber: fc.Arbitrary<JsonTree> = fc.oneof(
  fc.integer().map(leaf),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(leaf),
  fc.constantFrom('1e400', '-1e400', '-0', '9007199254740993', '123456789012345678901234567890', '0.1e-400', '1E2', '-1').map((text) => ({ leaf: text })),
);

/** A value that does not belong where a string, a boolean or an object is expected. */
export const hostileValue: fc.Arbitrary<JsonTree> = fc.letrec<{ value: JsonTree }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: hostileString.map(leaf) },
    { weight: 2, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.constantFrom(leaf(true), leaf(false), leaf(null)) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }).map((array): JsonTree => ({ array })) },
    {
      weight: 1,
      arbitrary: fc.array(fc.tuple(fc.oneof(hostileKey(), fc.string({ maxLength: 8 })), tie('value')), { maxLength: 4 }).map((object): JsonTree => ({ object })),
    },
  ),
})).value;

/** Object keys: prototype keys, ordinary ones, and hostile text. */
export function hostileKey(): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) }, { weight: 1, arbitrary: hostileString.filter((key) => key.length < 300) });
}

/** A payload that pollutes `Object.prototype` if it is merged carelessly. */
export const pollutingPayload: fc.Arbitrary<JsonTree> = fc.constantFrom<JsonTree>(
  { object: [['polluted', leaf('yes')]] },
  { object: [['isAdmin', leaf(true)], ['roles', leaf(['global-admin'])], ['kind', leaf('program')]] },
  { object: [['prototype', { object: [['polluted', leaf('yes')]] }]] },
  { object: [['toString', leaf('not a function')], ['hasOwnProperty', leaf(null)]] },
);

/** Nesting deep enough to exhaust a recursive parser or validator. */
export const deepNesting: fc.Arbitrary<string> = fc
  .constantFrom(64, 1000, 10_000, 100_000)
  .chain((depth) => fc.constantFrom(`${'['.repeat(depth)}${']'.repeat(depth)}`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, '['.repeat(depth)));

/** Texts that are not a JSON object, or not JSON at all. */
export const brokenJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '}',
    '{"a":}',
    '{"a":1,}',
    "{'a':1}",
    'null',
    '[]',
    '"a string"',
    '42',
    'true',
    '{"a":1}garbage',
    '{"a":1}{"b":2}',
    '\u0000',
    '\ufeff{}',
    '{"__proto__":{"polluted":"yes"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"a":1e400}',
    '{"a":01}',
    '{"a":"\\x41"}',
    '{"a":"unterminated}',
  ),
  deepNesting,
  fc.string({ unit: anyCodeUnit, maxLength: 60 }),
);

export const weirdContentTypes: readonly string[] = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/problem+json',
  'application/merge-patch+json',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'application/json, text/plain',
  'json',
  '',
];

/**
 * A valid-looking value for a schema: the shape the API expects, filled by `pick` for fields
 * whose name says which ledger id they hold (so requests get past validation to the rules).
 */
export function fromSchema(
  schema: SchemaObject | undefined,
  name: string,
  resolve: (schema: SchemaObject | undefined) => SchemaObject | undefined,
  pick: (name: string) => fc.Arbitrary<string> | undefined,
  depth = 0,
): fc.Arbitrary<JsonTree> {
  const resolved = resolve(schema);
  if (!resolved || depth > 6) return fc.constant(leaf(null));
  if (resolved.enum && resolved.enum.length > 0) return fc.constantFrom(...resolved.enum).map(leaf);
  switch (resolved.type) {
    case 'object': {
      const properties = Object.entries(resolved.properties ?? {});
      const required = new Set(resolved.required ?? []);
      const fields = properties.map(([key, child]) =>
        fc.tuple(fc.constant(key), fromSchema(child, key, resolve, pick, depth + 1), required.has(key) ? fc.constant(true) : fc.boolean()),
      );
      return fc.tuple(...fields).map((entries): JsonTree => ({ object: entries.filter(([, , present]) => present).map(([key, value]) => [key, value] as const) }));
    }
    case 'array': {
      const items = resolve(resolved.items);
      if (items?.enum && items.enum.length > 0) {
        return fc.subarray([...items.enum], { minLength: Math.max(1, resolved.minItems ?? 0) }).map(leaf);
      }
      return fc.array(fromSchema(items, name, resolve, pick, depth + 1), { minLength: resolved.minItems ?? 0, maxLength: 3 }).map((array): JsonTree => ({ array }));
    }
    case 'boolean':
      return fc.boolean().map(leaf);
    case 'integer':
    case 'number':
      return fc.integer({ min: resolved.minimum ?? 0, max: resolved.maximum ?? 1000 }).map(leaf);
    case 'string':
    default: {
      const picked = pick(name);
      if (picked) return picked.map(leaf);
      if (resolved.format === 'uuid') return fc.uuid({ version: 4 }).map(leaf);
      if (resolved.format === 'email') return fc.stringMatching(/^[a-z]{3,8}$/).map((local) => leaf(`${local}@contoso.example`));
      if (resolved.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((date) => leaf(date.toISOString()));
      if (resolved.format === 'uri') return fc.constant(leaf('https://support.contoso.example/help'));
      if (resolved.pattern === '^\\d{6,10}$') return fc.stringMatching(/^\d{6,10}$/).map(leaf);
      if (resolved.pattern === '^[A-Z]{2}$' || /country/i.test(name)) return fc.constant(leaf('US'));
      if (/domain/i.test(name)) return fc.constant(leaf('fuzz.onmicrosoft.com'));
      return fc.string({ minLength: 1, maxLength: 24 }).filter((text) => text.trim() !== '').map(leaf);
    }
  }
}

/** Applies one hostile change somewhere in a tree: a value replaced, a key dropped or added (prototype keys included), a type swapped. */
export function mutate(tree: JsonTree): fc.Arbitrary<JsonTree> {
  const objects = collectObjects(tree);
  return fc.oneof(
    // Replace the value at some key, at any depth, with something hostile.
    fc.tuple(fc.nat(), hostileValue).map(([index, value]) => editObjectAt(tree, objects, index, (entries) => (entries.length === 0 ? entries : replaceAt(entries, index % entries.length, value)))),
    // Drop a key (a required field goes missing).
    fc.nat().map((index) => editObjectAt(tree, objects, index, (entries) => entries.filter((_, i) => entries.length === 0 || i !== index % entries.length))),
    // Add a prototype-polluting key (or any hostile key) at any depth.
    fc.tuple(fc.nat(), hostileKey(), fc.oneof(pollutingPayload, hostileValue)).map(([index, key, value]) =>
      editObjectAt(tree, objects, index, (entries) => [...entries, [key, value] as const]),
    ),
    // Send a key twice with different values.
    fc.tuple(fc.nat(), hostileValue).map(([index, value]) =>
      editObjectAt(tree, objects, index, (entries) => (entries.length === 0 ? entries : [...entries, [entries[index % entries.length]![0], value] as const])),
    ),
    // The whole body as another type.
    fc.constantFrom<JsonTree>({ array: [tree] }, leaf('a string'), leaf(42), leaf(null), { object: [['data', tree]] }),
  );
}

function replaceAt(entries: ReadonlyArray<readonly [string, JsonTree]>, index: number, value: JsonTree): ReadonlyArray<readonly [string, JsonTree]> {
  return entries.map((entry, i) => (i === index ? ([entry[0], value] as const) : entry));
}

/** Paths (indexes into nested object entries) of every object in the tree, root first. */
function collectObjects(tree: JsonTree, path: number[] = [], out: number[][] = []): number[][] {
  if ('object' in tree) {
    out.push(path);
    tree.object.forEach(([, value], index) => collectObjects(value, [...path, index], out));
  }
  return out;
}

function editObjectAt(
  tree: JsonTree,
  objects: number[][],
  pick: number,
  edit: (entries: ReadonlyArray<readonly [string, JsonTree]>) => ReadonlyArray<readonly [string, JsonTree]>,
): JsonTree {
  if (objects.length === 0) return tree;
  const target = objects[pick % objects.length]!;
  const rewrite = (node: JsonTree, depth: number): JsonTree => {
    if (!('object' in node)) return node;
    if (depth === target.length) return { object: edit(node.object) };
    const index = target[depth]!;
    return { object: node.object.map((entry, i) => (i === index ? ([entry[0], rewrite(entry[1], depth + 1)] as const) : entry)) };
  };
  return rewrite(tree, 0);
}

/** Percent-encodes every byte of the UTF-8 form except unreserved characters (lone surrogates become U+FFFD). */
export function encodeSegment(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}
