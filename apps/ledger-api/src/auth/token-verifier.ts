import type { Actor } from '@ledger/kernel';
import { verifyAccessToken } from './access-token';

/** Verifies bearer tokens with the process's HS256 key. Injectable so tests can reach the key. */
export class TokenVerifier {
  constructor(private readonly secret: string) {}

  verify(token: string): Promise<Actor> {
    return verifyAccessToken(token, this.secret);
  }
}
