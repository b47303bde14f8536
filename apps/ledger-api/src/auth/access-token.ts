import type { webcrypto } from 'node:crypto';
import { ACTOR_KINDS, type Actor, type ActorKind } from '@ledger/kernel';
import { errors, jwtVerify, SignJWT } from 'jose';
import { jwtKeyOf } from './jwt-secret';
import { durationInSeconds } from './token-lifetime';
import { UnauthenticatedError } from './unauthenticated.error';

/**
 * The only algorithm the ledger signs or accepts. Pinning it is what defeats `alg: none` and
 * algorithm-confusion tokens: jose refuses any token whose header names another algorithm.
 */
export const TOKEN_ALGORITHM = 'HS256';

/** The claims of a ledger bearer token (api.md, Authentication). */
export interface AccessTokenClaims {
  /** The user id. */
  readonly sub: string;
  readonly kind: ActorKind;
  /** The actor's tenant: partner id for `partner`, customer id for `customer`, any string otherwise. */
  readonly tid: string;
  readonly roles: readonly string[];
  /** Expiry, seconds since the epoch. Required: a token that never expires is refused. */
  readonly exp: number;
}

const MAX_CLAIM_LENGTH = 256;
const MAX_ROLES = 64;

/**
 * Verifies a bearer token and returns the actor it names. Throws UnauthenticatedError for a
 * missing or wrong signature, another algorithm (including `none`), a missing or past `exp`, or
 * claims that do not describe an actor.
 */
export async function verifyAccessToken(token: string, secret: string, now?: Date): Promise<Actor> {
  return (await verifyAccessTokenClaims(token, jwtKeyOf(secret), now)).actor;
}

/** A verified token: its actor, and the time claims that bound how long the verdict holds. */
export interface VerifiedAccessToken {
  readonly actor: Actor;
  /** Expiry, seconds since the epoch: the token is refused from this second on. */
  readonly exp: number;
  /** Not-before, seconds since the epoch, when the token has one. */
  readonly nbf?: number;
}

/**
 * `verifyAccessToken` with the key given as bytes or as an already imported HMAC CryptoKey (which
 * spares WebCrypto an import per call), returning the time claims too.
 */
export async function verifyAccessTokenClaims(token: string, key: Uint8Array | webcrypto.CryptoKey, now?: Date): Promise<VerifiedAccessToken> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [TOKEN_ALGORITHM],
      requiredClaims: ['exp', 'sub'],
      ...(now ? { currentDate: now } : {}),
    }));
  } catch (error) {
    throw new UnauthenticatedError(describeVerificationFailure(error));
  }
  const actor = actorFromClaims(payload);
  // jose has checked that exp (required) and nbf (when present) are numbers.
  return { actor, exp: payload.exp as number, ...(typeof payload.nbf === 'number' ? { nbf: payload.nbf } : {}) };
}

function describeVerificationFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The bearer token has expired.';
  if (error instanceof errors.JOSEAlgNotAllowed) return `The bearer token must be signed with ${TOKEN_ALGORITHM}.`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The bearer token signature is invalid.';
  if (error instanceof errors.JWTClaimValidationFailed) return `The bearer token is missing or has an invalid "${error.claim}" claim.`;
  return 'The bearer token is malformed.';
}

function actorFromClaims(payload: Record<string, unknown>): Actor {
  const { sub, kind, tid, roles } = payload;
  if (!isShortText(sub)) throw new UnauthenticatedError('The bearer token has no valid "sub" claim.');
  if (typeof kind !== 'string' || !(ACTOR_KINDS as readonly string[]).includes(kind)) {
    throw new UnauthenticatedError(`The bearer token's "kind" claim must be one of ${ACTOR_KINDS.join(', ')}.`);
  }
  if (!isShortText(tid)) throw new UnauthenticatedError('The bearer token has no valid "tid" claim.');
  if (!Array.isArray(roles) || roles.length > MAX_ROLES || !roles.every(isShortText)) {
    throw new UnauthenticatedError('The bearer token\'s "roles" claim must be an array of role names.');
  }
  return { kind: kind as ActorKind, tenantId: tid, userId: sub, roles: [...new Set(roles as string[])] };
}

function isShortText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CLAIM_LENGTH;
}

export interface MintAccessTokenInput {
  readonly kind: ActorKind;
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly string[];
  /** Lifetime in seconds, or a duration such as `90s`, `30m`, `1h`, `7d`. */
  readonly ttl: string | number;
}

/** Signs a token the API accepts, for the CLI and for tests. */
export async function mintAccessToken(input: MintAccessTokenInput, secret: string, now: Date = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ kind: input.kind, tid: input.tenantId, roles: [...input.roles] })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
    .setSubject(input.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + durationInSeconds(input.ttl))
    .sign(jwtKeyOf(secret));
}
