import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import '../http/fastify-request';

/**
 * Fastify's request logging, shaped for the ledger: no "incoming request" line, and one line per
 * completed request with the correlation id (bound by Fastify under `correlationId`), status,
 * duration and the authenticated actor — enough to answer "who did what, and how did it go".
 */
export class LedgerLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'correlationId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const failed = Boolean(error) || reply.statusCode >= 500;
    // Below the configured level (e.g. LOG_LEVEL=warn) a completed request logs nothing: skip building its line.
    if (!failed && (reply.log as Partial<Pick<Logger, 'isLevelEnabled'>>).isLevelEnabled?.('info') === false) return;
    const actor = request.actor;
    const fields = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ...(actor ? { actor: { kind: actor.kind, tenantId: actor.tenantId, userId: actor.userId } } : {}),
      ...(error ? { err: error } : {}),
    };
    if (failed) reply.log.warn(fields, 'request failed');
    else reply.log.info(fields, 'request completed');
  }
}
