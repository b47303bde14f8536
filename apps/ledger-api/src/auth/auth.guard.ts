import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import '../http/fastify-request';
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
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    if (header === undefined) throw new UnauthenticatedError('This call needs an "Authorization: Bearer <token>" header.');
    const match = BEARER.exec(header);
    if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
    request.actor = await this.verifier.verify(match[1]!);
    return true;
  }
}
