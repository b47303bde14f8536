import type { FastifyInstance } from 'fastify';
import { CORRELATION_ID_HEADER } from '../correlation/correlation-id';

/** Echoes the correlation id on every response, errors and 404s included. */
export function registerRequestHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    done();
  });
}

/**
 * Request bodies are JSON (api.md): Fastify's built-in JSON parser stays (with the 1 MiB limit and
 * prototype-poisoning protection); its plain-text parser goes, so any other media type is 415.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('text/plain');
}
