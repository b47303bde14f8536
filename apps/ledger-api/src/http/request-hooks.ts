import type { FastifyInstance } from 'fastify';
import { CORRELATION_ID_HEADER } from '../correlation/correlation-id';

/** Echoes the correlation id on every response, errors and 404s included. */
export function registerRequestHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    done();
  });
}
