import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import type { LedgerApiConfig } from '../config';
import { CORRELATION_ID_HEADER, correlationIdFrom } from '../correlation/correlation-id';
import { PROBLEM_CONTENT_TYPE, problemTypeOf } from '../errors/problem-details';
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
    clientErrorHandler: answerUnparsableRequest,
    frameworkErrors: answerUnroutableRequest,
  };
}

/**
 * Requests Fastify's router refuses before any hook runs — a path that is not validly
 * percent-encoded (`%zz`, a lone surrogate), a path parameter over Fastify's 100-character limit —
 * are answered as problem+json with a `code` (api.md, Errors) and `nosniff`, not Fastify's own
 * JSON (found by test/reliability/fuzz.int-spec.ts).
 */
export function answerUnroutableRequest(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, detail] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, 'uri-too-long', 'A path segment is longer than any id the ledger uses.']
      : error.code === 'FST_ERR_BAD_URL'
        ? [400, 'validation-failed', 'The URL is not validly percent-encoded.']
        : [500, 'internal', 'Something went wrong on our side; quote the correlation id when reporting it.'];
  if (status === 500) request.log.error({ err: error }, 'Request failed in the router');
  void reply
    .code(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('x-content-type-options', 'nosniff')
    .send({ type: problemTypeOf(code), title: STATUS_CODES[status], status, code, detail, correlationId: request.id });
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them — a header block over the 16 KiB
 * limit (431), a malformed request line or header (400), a client too slow to send its headers
 * (408) — are answered as problem+json with a `code` like every other error (api.md, Errors), with
 * `nosniff`, and the connection is closed: its byte stream can no longer be trusted.
 */
export function answerUnparsableRequest(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // An answer to HEAD has no body, even an error (else the client reads it as a second response).
  // Node hands the request's raw bytes over as a Buffer (Fastify's type shows its JSON form).
  const raw: unknown = error.rawPacket;
  const toHead = Buffer.isBuffer(raw) && raw.subarray(0, 5).toString('latin1') === 'HEAD ';
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers-too-large', 'The request headers exceed the size the server accepts.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request-timeout', 'The request was not received in time.']
        : [400, 'validation-failed', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ type: problemTypeOf(code), title: STATUS_CODES[status], status, code, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${toHead ? '' : body}`,
    );
  }
  socket.destroy(error);
}
