import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The request's correlation id. Fastify's request id *is* the correlation id (see http/fastify-options),
 * so every request log line carries it under `correlationId`.
 */
export const CurrentCorrelationId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<FastifyRequest>().id,
);
