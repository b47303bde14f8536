import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { CORRELATION_ID_HEADER } from '../correlation/correlation-id';
import { LOGGER } from '../logging/logging.module';
import { AuditLogAheadError } from '@ledger/projections';
import { defaultCodeOfStatus, knownProblemOf, problem, PROBLEM_CONTENT_TYPE, ProblemException, type ProblemDetails } from './problem-details';

/** Fastify's own request errors, met before any Nest code runs (body parsing, limits). */
const FASTIFY_PROBLEMS: Readonly<Record<string, (error: Error) => ProblemDetails>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => problem(413, 'payload-too-large', 'The request body is over the 1 MiB limit.'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => problem(400, 'validation-failed', 'The request body is not valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    problem(400, 'validation-failed', 'The request says its body is JSON but the body is empty; send {} for no fields.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => problem(415, 'unsupported-media-type', 'Send request bodies as application/json.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => problem(400, 'validation-failed', 'The Content-Length header does not match the body.'),
};

export interface RenderedProblem {
  readonly problem: ProblemDetails;
  readonly headers: Readonly<Record<string, string>>;
  /** A server fault: logged at error level with its stack; the client never sees the stack. */
  readonly isServerFault: boolean;
}

/**
 * The answer for any error: a ledger error (DomainError, validation, token, store) keeps its code;
 * a framework HTTP exception gets the code of its status; anything else is 500 `internal`.
 * Used by the filter and by idempotency (which stores the refusals it will replay).
 */
export function renderProblem(error: unknown): RenderedProblem {
  const known = knownProblemOf(error);
  if (known) {
    const headers = {
      ...(error instanceof ProblemException ? error.headers : {}),
      ...(known.status === 401 ? { 'www-authenticate': 'Bearer realm="csp-ledger"' } : {}),
      // As the upgrade gate answers during a rebuild: the runner rebuilds read models ahead of the log at start.
      ...(error instanceof AuditLogAheadError ? { 'retry-after': '5' } : {}),
    };
    return { problem: known, headers, isServerFault: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const cause: unknown = error.cause;
    const fastifyCode = cause instanceof Error ? (cause as Error & { code?: unknown }).code : undefined;
    const fromFastify = typeof fastifyCode === 'string' ? FASTIFY_PROBLEMS[fastifyCode] : undefined;
    if (fromFastify) return { problem: fromFastify(cause as Error), headers: {}, isServerFault: false };
    if (status >= 500) return internal();
    const detail = error instanceof NotFoundException && /^Cannot [A-Z]+ /.test(error.message) ? 'No such route.' : detailOf(error);
    return { problem: problem(status, defaultCodeOfStatus(status), detail), headers: {}, isServerFault: false };
  }
  return internal();
}

function internal(): RenderedProblem {
  return {
    problem: problem(500, 'internal', 'Something went wrong on our side; quote the correlation id when reporting it.'),
    headers: {},
    isServerFault: true,
  };
}

/** A client-facing sentence from a framework exception (never a stack or an object dump). */
function detailOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return error.message;
}

/**
 * The one exception filter (architecture habit 4): every failure leaves as
 * `application/problem+json` (RFC 9457) with the status and `code` of api.md; no controller
 * formats errors. Server faults are logged with the correlation id and their stack; the body
 * never carries a stack trace.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const rendered = renderProblem(error);
    const correlationId = request.id;
    if (rendered.isServerFault) {
      this.logger.error(
        { err: error, correlationId, method: request.method, url: request.url },
        'Request failed with an unexpected error',
      );
    } else if (rendered.problem.status >= 500) {
      // An expected outage (store unreachable, not ready): worth a warning, not a stack trace. The
      // error's own message, when the client got another, is for operators (AuditLogAheadError's).
      const reason = error instanceof Error && error.message !== rendered.problem.detail ? error.message : undefined;
      this.logger.warn(
        { correlationId, code: rendered.problem.code, detail: rendered.problem.detail, ...(reason !== undefined ? { reason } : {}), url: request.url },
        'Request answered 5xx',
      );
    }
    if (reply.sent) return;
    reply
      .status(rendered.problem.status)
      .headers({ ...rendered.headers, [CORRELATION_ID_HEADER]: correlationId })
      .type(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
      .send({ ...rendered.problem, correlationId: rendered.problem.correlationId ?? correlationId });
  }
}
