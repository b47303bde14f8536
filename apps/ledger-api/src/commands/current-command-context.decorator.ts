import type { CommandContext } from '@ledger/kernel';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import '../http/fastify-request';
import { UnauthenticatedError } from '../auth/unauthenticated.error';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency/idempotency-key';
import { buildCommandContext } from './command-context';

/** Builds the CommandContext of a request; exported for code that has the request at hand. */
export function commandContextOf(request: FastifyRequest): CommandContext {
  if (!request.actor) throw new UnauthenticatedError('This call needs an authenticated actor.');
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  return buildCommandContext({
    actor: request.actor,
    correlationId: request.id,
    method: request.method,
    path: request.url,
    ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
  });
}

/**
 * The request's CommandContext (actor, correlation id, command id, time), for a controller to put
 * on the command it dispatches:
 *
 *   accept(@Param() p: Ids, @Body() body: AcceptDto, @CurrentCommandContext() context: CommandContext)
 */
export const CurrentCommandContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandContext => commandContextOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
