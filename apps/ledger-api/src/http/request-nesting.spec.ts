import fc from 'fast-check';
import { MAX_REQUEST_NESTING, type RequestValueFlaw, requestValueFlaw } from './request-nesting';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The walk as first written (a stack of {node, depth}): which flaw it reports first is the contract. */
function stackWalkFlaw(value: unknown, limit: number = MAX_REQUEST_NESTING): RequestValueFlaw | undefined {
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

const nested = (depth: number, inner: unknown): unknown => {
  let value = inner;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

/** Text that is sometimes broken: a lone high or low surrogate, or a valid pair. */
const text = fc.oneof(fc.string(), fc.constantFrom('\ud800', 'a\udc00b', '😀', 'x\ud83d'));

describe('flaws of request values', () => {
  it('reports the same first flaw as the stack walk, whatever the value (limits 1 to 6)', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(text, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 6 }), (v, limit) => requestValueFlaw(v, limit) === stackWalkFlaw(v, limit)),
      { numRuns: 5000 },
    );
  });

  it('picks between a deep branch and a broken text as the stack walk does (later keys first)', () => {
    const deepFirst = { text: '\ud800', deep: nested(MAX_REQUEST_NESTING + 1, 1) };
    const textFirst = { deep: nested(MAX_REQUEST_NESTING + 1, 1), text: '\ud800' };
    expect(requestValueFlaw(deepFirst)).toBe('too-deep');
    expect(requestValueFlaw(textFirst)).toBe('lone-surrogate');
    expect(requestValueFlaw({ '\udc00': nested(MAX_REQUEST_NESTING + 1, 1) })).toBe('lone-surrogate');
    for (const v of [deepFirst, textFirst]) expect(requestValueFlaw(v)).toBe(stackWalkFlaw(v));
  });

  it('stops at the limit: 100,000 levels neither overflow the stack nor take long', () => {
    expect(requestValueFlaw(nested(100_000, '\ud800'))).toBe('too-deep');
    expect(requestValueFlaw(nested(MAX_REQUEST_NESTING, 'ok'))).toBeUndefined();
    expect(requestValueFlaw(nested(MAX_REQUEST_NESTING + 1, 'ok'))).toBe('too-deep');
  });
});
