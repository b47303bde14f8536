import type { Actor } from '@ledger/kernel';
import { VerifiedTokenCache } from './verified-token-cache';

const actor: Actor = { kind: 'partner', tenantId: 'p-1', userId: 'u-1', roles: ['admin-agent'] };
const T0 = Date.parse('2026-03-01T00:00:00Z');
const seconds = (ms: number): number => Math.floor(ms / 1000);

describe('remembered token verifications', () => {
  it('answers a verified token with its actor, a fresh copy each time', () => {
    const cache = new VerifiedTokenCache(10, () => T0);
    cache.remember('token-a', { actor, exp: seconds(T0) + 60 });
    const first = cache.get('token-a');
    expect(first).toEqual(actor);
    expect(first).not.toBe(actor);
    expect(cache.get('token-a')!.roles).not.toBe(first!.roles);
    expect(cache.get('token-b')).toBeUndefined();
  });

  it('stops answering from the second the token expires, as the verifier would refuse it then', () => {
    let now = T0;
    const cache = new VerifiedTokenCache(10, () => now);
    cache.remember('token-a', { actor, exp: seconds(T0) + 60 });
    now = T0 + 59_999;
    expect(cache.get('token-a')).toEqual(actor);
    now = T0 + 60_000;
    expect(cache.get('token-a')).toBeUndefined();
    now = T0;
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('never remembers a token with a not-before claim (its verdict changes with the clock)', () => {
    const cache = new VerifiedTokenCache(10, () => T0);
    cache.remember('token-a', { actor, exp: seconds(T0) + 60, nbf: seconds(T0) - 1 });
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('keeps at most its capacity, forgetting the oldest first', () => {
    const cache = new VerifiedTokenCache(2, () => T0);
    cache.remember('a', { actor, exp: seconds(T0) + 60 });
    cache.remember('b', { actor, exp: seconds(T0) + 60 });
    cache.remember('c', { actor, exp: seconds(T0) + 60 });
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toEqual(actor);
  });
});
