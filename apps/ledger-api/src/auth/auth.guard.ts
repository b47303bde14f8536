import type { Actor } from '@ledger/kernel';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { normalizeLedgerId } from '../http/field-formats';
import '../http/fastify-request';
import { routeMemo } from '../http/route-memo';
import { IS_PUBLIC } from './public.decorator';
import { TokenVerifier } from './token-verifier';
import { UnauthenticatedError } from './unauthenticated.error';

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/**
 * First check of every request (api.md, Errors: token → shape → …): a route that is not @Public()
 * needs `Authorization: Bearer <JWT>`; the verified actor is put on the request for
 * @CurrentActor(), the command context, the rate limiter and idempotency.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly isPublic = routeMemo((handler, classRef) => Boolean(this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [handler, classRef])));

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  /**
   * Synchronous when the token was verified before (the common case: clients send the same token
   * on every call), so Nest's guard chain goes on without waiting a turn for a promise.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.isPublic(context)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    if (header === undefined) throw new UnauthenticatedError('This call needs an "Authorization: Bearer <token>" header.');
    const match = BEARER.exec(header);
    if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
    const token = match[1]!;
    const known = this.verifier.known(token);
    if (known !== undefined) {
      request.actor = withLedgerIdCase(known);
      return true;
    }
    return this.verifier.verify(token).then((actor) => {
      request.actor = withLedgerIdCase(actor);
      return true;
    });
  }
}

/**
 * A token's `tid` and `sub` that are UUIDs are partner, customer and user ids: lower-cased like
 * every id in a path, body or query (http/field-formats.ts), so a token minted with `8A6E…` acts
 * for the partner `8a6e…`. Other values (`program`, `reviewer-1`) are kept as they are.
 */
function withLedgerIdCase(actor: Actor): Actor {
  const tenantId = normalizeLedgerId(actor.tenantId);
  const userId = normalizeLedgerId(actor.userId);
  return tenantId === actor.tenantId && userId === actor.userId ? actor : { ...actor, tenantId, userId };
}
