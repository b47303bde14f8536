import { createHmac } from 'node:crypto';

/*
 * Test-side JWT helpers written with node:crypto alone, independent of the API's jose code (and
 * loadable by Jest, which cannot load jose's ES module): an oracle for valid tokens, and a way to
 * forge the broken ones (wrong key, alg none, other algorithms, bad claims).
 */

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

const base64url = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export interface TestActor {
  readonly kind: string;
  readonly tid: string;
  readonly sub: string;
  readonly roles?: readonly string[];
}

/** Signs a JWT with HMAC-SHA of the header's algorithm (HS256 unless told). */
export function signJwt(payload: Record<string, unknown>, secret: string, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[String(header.alg)] ?? 'sha256';
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  return `${signingInput}.${createHmac(hash, secret).update(signingInput).digest('base64url')}`;
}

/** A valid token for the actor, expiring in `expiresInSeconds` (negative: already expired). */
export function tokenFor(actor: TestActor, options: { secret?: string; expiresInSeconds?: number } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { sub: actor.sub, kind: actor.kind, tid: actor.tid, roles: actor.roles ?? [], iat: now, exp: now + (options.expiresInSeconds ?? 3600) },
    options.secret ?? TEST_JWT_SECRET,
  );
}

/** An unsigned token (`alg: none`), the classic forgery. */
export function unsignedToken(payload: Record<string, unknown>): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}

/** Verifies an HS256 token's signature and returns its header and payload; throws if invalid. */
export function verifyHs256(token: string, secret: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || signature === undefined) throw new Error('not a JWS');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  if (expected !== signature) throw new Error('bad signature');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
  };
}

export const PROGRAM: TestActor = { kind: 'program', tid: 'program', sub: 'reviewer-1', roles: ['reviewer'] };
export const PARTNER: TestActor = { kind: 'partner', tid: '11111111-1111-4111-8111-111111111111', sub: 'user-1', roles: ['global-admin'] };
