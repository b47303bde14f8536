import type { Actor } from '@ledger/kernel';

/** What a successful verification established about a token. */
export interface VerifiedToken {
  readonly actor: Actor;
  /** Expiry, seconds since the epoch (the token is refused from this second on). */
  readonly exp: number;
  /** Not-before, seconds since the epoch, when the token has one. */
  readonly nbf?: number;
}

/**
 * Tokens whose signature and claims have already been verified, so a client that sends the same
 * bearer token on every call (they all do) pays for one HMAC verification, not one per request.
 *
 * The verdict on a token only depends on the token's text (signature, header and claims, all of
 * it the key here) and on the clock: a remembered token is answered only while it has not
 * expired — exactly when the verifier itself would accept it (`exp` > now, in whole seconds) —
 * and a token with a `nbf` claim is never remembered, so every clock-dependent case still goes
 * through the full verification. Failures are never remembered. At most `capacity` tokens are
 * kept; the oldest entry goes first.
 */
export class VerifiedTokenCache {
  private readonly tokens = new Map<string, VerifiedToken>();

  constructor(
    private readonly capacity = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The actor of a remembered, still valid token (a copy: each request gets its own object). */
  get(token: string): Actor | undefined {
    const known = this.tokens.get(token);
    if (known === undefined) return undefined;
    if (known.exp <= Math.floor(this.clock() / 1000)) {
      this.tokens.delete(token);
      return undefined;
    }
    const { actor } = known;
    return { kind: actor.kind, tenantId: actor.tenantId, userId: actor.userId, roles: [...actor.roles] };
  }

  /** Remembers a token that was just verified. */
  remember(token: string, verified: VerifiedToken): void {
    if (verified.nbf !== undefined) return;
    if (this.tokens.size >= this.capacity) this.tokens.delete(this.tokens.keys().next().value!);
    this.tokens.set(token, verified);
  }

  get size(): number {
    return this.tokens.size;
  }
}
