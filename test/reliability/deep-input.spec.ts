import fc from 'fast-check';
import { bodyFingerprint, canonicalJson } from '../../apps/ledger-api/src/idempotency/idempotency-key';
import { MAX_REQUEST_NESTING, requestValueFlaw } from '../../apps/ledger-api/src/http/request-nesting';

/*
 * Regressions of the 500s the hostile-input suite found (fuzz.int-spec.ts): bodies nested thousands
 * of levels deep overflowed the call stack in the Idempotency-Key fingerprint (taken before
 * validation) and in class-transformer (now refused first by the ValidationPipe's nesting limit).
 * Both checks are iterative now; these specs pin that down without a server.
 */

/** The fingerprint's canonical form as first written (recursively): the iterative one must equal it. */
function recursiveCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => recursiveCanonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${recursiveCanonicalJson(item)}`).join(',')}}`;
}

const nested = (depth: number, open: string, close: string, inner = '1'): unknown => JSON.parse(`${open.repeat(depth)}${inner}${close.repeat(depth)}`);

describe('deeply nested request bodies', () => {
  it('canonicalJson gives the same text as the recursive definition for any JSON value', () => {
    // Idempotency records persist across restarts: the fingerprint of a body must never change.
    fc.assert(fc.property(fc.jsonValue(), (value) => canonicalJson(value) === recursiveCanonicalJson(value)), { numRuns: 2000 });
    fc.assert(
      fc.property(fc.object({ withNullPrototype: true, withObjectString: true }), (value) => canonicalJson(value) === recursiveCanonicalJson(value)),
      { numRuns: 500 },
    );
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: undefined })).toBe('{"b":[1,{"c":"x","d":null}]}');
  });

  it('fingerprints bodies nested 100,000 levels deep without overflowing the stack', () => {
    expect(bodyFingerprint(nested(100_000, '[', ']'))).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(bodyFingerprint(nested(100_000, '{"a":', '}'))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it(`measures nesting without recursion and refuses beyond ${MAX_REQUEST_NESTING} levels`, () => {
    expect(requestValueFlaw(nested(MAX_REQUEST_NESTING - 1, '{"a":', '}', '{}'))).toBeUndefined();
    expect(requestValueFlaw(nested(MAX_REQUEST_NESTING, '{"a":', '}', '{}'))).toBe('too-deep');
    expect(requestValueFlaw(nested(100_000, '[', ']'))).toBe('too-deep');
    expect(requestValueFlaw({ attestation: { goodFaith: true, legitimateBusinessPurpose: 'שלום 👩‍👩‍👧' }, legalNotice: { required: false }, roles: ['a', 'b'] })).toBeUndefined();
    expect(requestValueFlaw('text')).toBeUndefined();
  });

  it('finds lone surrogates in strings and keys at any depth (validator throws URIError on them)', () => {
    expect(requestValueFlaw(JSON.parse('{"email":"a\\udda7@b.example"}'))).toBe('lone-surrogate');
    expect(requestValueFlaw(JSON.parse('{"a":[{"b":"x\\ud800"}]}'))).toBe('lone-surrogate');
    expect(requestValueFlaw(JSON.parse('{"\\udfff":1}'))).toBe('lone-surrogate');
    expect(requestValueFlaw({ name: '𝕳 \u{1F469}' })).toBeUndefined();
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => requestValueFlaw({ text }) === undefined));
  });
});
