import fc from 'fast-check';
import { MAX_REQUEST_NESTING, requestValueFlaw } from './request-nesting';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Levels of objects and arrays in a value (a primitive has none). */
function levelsOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(levelsOf));
}

/** Whether a string or key anywhere in a value holds a lone surrogate. */
function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, child]) => LONE_SURROGATE.test(key) || hasLoneSurrogate(child));
}

const nested = (depth: number, inner: unknown): unknown => {
  let value = inner;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

/** Text that is sometimes broken: a lone high or low surrogate, or a valid pair. */
const text = fc.oneof(fc.string(), fc.constantFrom('\ud800', 'a\udc00b', '😀', 'x\ud83d'));

describe('flaws of request values', () => {
  it('reports a flaw exactly when the value has one, and only a flaw it has (limits 1 to 6)', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(text, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 6 }), (v, limit) => {
        const flaw = requestValueFlaw(v, limit);
        const tooDeep = levelsOf(v) > limit;
        if (flaw === undefined) return !tooDeep && !hasLoneSurrogate(v);
        return flaw === 'too-deep' ? tooDeep : hasLoneSurrogate(v);
      }),
      { numRuns: 5000 },
    );
  });

  it('checks a key before walking into its child', () => {
    expect(requestValueFlaw({ '\udc00': nested(MAX_REQUEST_NESTING + 1, 1) })).toBe('lone-surrogate');
  });

  it('stops at the limit: 100,000 levels neither overflow the stack nor take long', () => {
    expect(requestValueFlaw(nested(100_000, '\ud800'))).toBe('too-deep');
    expect(requestValueFlaw(nested(MAX_REQUEST_NESTING, 'ok'))).toBeUndefined();
    expect(requestValueFlaw(nested(MAX_REQUEST_NESTING + 1, 'ok'))).toBe('too-deep');
  });
});
