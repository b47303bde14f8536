import type { Actor } from '@ledger/kernel';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import '../http/fastify-request';
import { UnauthenticatedError } from './unauthenticated.error';

/** The authenticated actor of the request (set by AuthGuard). On a @Public() route it is refused. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<FastifyRequest>().actor;
  if (!actor) throw new UnauthenticatedError('This call needs an authenticated actor.');
  return actor;
});
