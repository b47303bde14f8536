import { webcrypto } from 'node:crypto';
import type { Actor } from '@ledger/kernel';
import { verifyAccessTokenClaims } from './access-token';
import { jwtKeyOf } from './jwt-secret';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Verifies bearer tokens with the process's HS256 key. Injectable so tests can reach the key.
 *
 * The key is imported into WebCrypto once, and tokens already verified are remembered until they
 * expire (VerifiedTokenCache): profiling the API under load showed a WebCrypto key import and an
 * HMAC verification on the thread pool for every request, the same few tokens over and over.
 */
export class TokenVerifier {
  private key: Promise<webcrypto.CryptoKey> | undefined;
  private readonly verified = new VerifiedTokenCache();

  constructor(private readonly secret: string) {}

  /** The actor of a token verified before and still valid, without waiting: undefined otherwise. */
  known(token: string): Actor | undefined {
    return this.verified.get(token);
  }

  async verify(token: string): Promise<Actor> {
    const known = this.verified.get(token);
    if (known) return known;
    const verified = await verifyAccessTokenClaims(token, await this.hmacKey());
    this.verified.remember(token, verified);
    return verified.actor;
  }

  /** The secret as an HMAC SHA-256 key (HS256, the only algorithm access-token.ts accepts). */
  private hmacKey(): Promise<webcrypto.CryptoKey> {
    this.key ??= webcrypto.subtle.importKey('raw', jwtKeyOf(this.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    return this.key;
  }
}
