import { DEFAULT_RESUBSCRIBE_BACKOFF, backoffDelay, backoffOptions } from './backoff';

const middle = (): number => 0.5;

describe('resubscription back-off', () => {
  it('doubles from 100 ms up to a 30 s ceiling (jitter at its midpoint)', () => {
    const schedule = Array.from({ length: 12 }, (_, attempt) => backoffDelay(attempt, DEFAULT_RESUBSCRIBE_BACKOFF, middle));
    expect(schedule).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000, 30000]);
  });

  it('spreads each delay by ±20 % and never passes the ceiling', () => {
    expect(backoffDelay(0, DEFAULT_RESUBSCRIBE_BACKOFF, () => 0)).toBe(80);
    expect(backoffDelay(0, DEFAULT_RESUBSCRIBE_BACKOFF, () => 0.999999)).toBe(120);
    expect(backoffDelay(20, DEFAULT_RESUBSCRIBE_BACKOFF, () => 0)).toBe(24000);
    expect(backoffDelay(20, DEFAULT_RESUBSCRIBE_BACKOFF, () => 0.999999)).toBe(30000);
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const delay = backoffDelay(attempt);
      expect(delay).toBeGreaterThanOrEqual(80);
      expect(delay).toBeLessThanOrEqual(30000);
    }
  });

  it('takes other settings and refuses nonsense', () => {
    expect(backoffDelay(3, backoffOptions({ initialMs: 10, factor: 3, jitter: 0 }))).toBe(270);
    expect(() => backoffOptions({ factor: 0.5 })).toThrow(RangeError);
    expect(() => backoffOptions({ initialMs: 0 })).toThrow(RangeError);
    expect(() => backoffOptions({ maxMs: 10, initialMs: 100 })).toThrow(RangeError);
    expect(() => backoffOptions({ jitter: 2 })).toThrow(RangeError);
    expect(() => backoffDelay(-1)).toThrow(RangeError);
  });
});
