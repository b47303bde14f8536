import type { IncomingMessage } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import type { LedgerApiConfig } from '../config';
import { CORRELATION_ID_HEADER, correlationIdFrom } from '../correlation/correlation-id';
import { LedgerLogController } from './ledger-log-controller';

/**
 * Fastify's settings for the ledger. The request id *is* the correlation id (the client's
 * acceptable X-Correlation-Id, else a new UUID), so Fastify's request logger binds it to every
 * line of the request as `correlationId` without any extra plumbing.
 */
export function fastifyOptions(config: LedgerApiConfig, logger: Logger): FastifyServerOptions {
  return {
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers[CORRELATION_ID_HEADER]),
    requestIdHeader: false,
    logController: new LedgerLogController(),
    // Keep-alive connections that are idle are closed at shutdown; busy ones finish first.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  };
}
