import { correlationIdFrom, isAcceptableCorrelationId } from './correlation-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlation ids', () => {
  it.each(['abc', 'A-Z.0_9:x', 'a'.repeat(128), '550e8400-e29b-41d4-a716-446655440000'])('accepts %s', (value) => {
    expect(isAcceptableCorrelationId(value)).toBe(true);
    expect(correlationIdFrom(value)).toBe(value);
  });

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['a space', 'a b'],
    ['a newline (log injection)', 'a\nb'],
    ['non-ASCII', 'café'],
    ['a slash', 'a/b'],
  ])('replaces one with %s by a new UUID', (_case, value) => {
    expect(isAcceptableCorrelationId(value)).toBe(false);
    expect(correlationIdFrom(value)).toMatch(UUID);
  });

  it('makes a new UUID when the header is absent, and a different one each time', () => {
    const first = correlationIdFrom(undefined);
    expect(first).toMatch(UUID);
    expect(correlationIdFrom(undefined)).not.toBe(first);
  });

  it('takes the first value of a repeated header', () => {
    expect(correlationIdFrom(['first', 'second'])).toBe('first');
  });
});
