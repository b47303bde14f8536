import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@ledger/kernel';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, finalize, from, map, mergeMap, type Observable, of, throwError } from 'rxjs';
import '../http/fastify-request';
import { routeMemo } from '../http/route-memo';
import { ProblemException, RequestValidationError } from '../errors/problem-details';
import { renderProblem } from '../errors/problem-details.filter';
import {
  bodyFingerprint,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  isAcceptableIdempotencyKey,
  WRITE_METHODS,
} from './idempotency-key';
import { IdempotencyService } from './idempotency.service';
import type { IdempotencyScope } from './idempotency.store';

export const SKIP_IDEMPOTENCY = 'ledger:skip-idempotency';

/** Opts a write route out of Idempotency-Key handling (for writes that are not commands). */
export const SkipIdempotency = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_IDEMPOTENCY, true);

/**
 * Whether an error is a decided outcome, remembered and replayed like a success. A DomainError is
 * the command's answer given the ledger's state: replaying it keeps "the first status and body".
 * Everything else — a malformed request (400: the client fixes the body, which is then another
 * body), a lost race (409 `concurrency-conflict`), throttling, an unavailable store, a bug — did
 * not decide anything, so the key is released and a retry runs the command.
 */
function isDecidedRefusal(error: unknown): boolean {
  return error instanceof DomainError;
}

/**
 * Idempotency-Key on every authenticated POST, PUT, PATCH and DELETE (api.md, Writes): a retry by
 * the same actor to the same method and path with the same key and body, within 24 hours, gets the
 * first status and body (with `Idempotent-Replayed: true`) and runs nothing; the same key with
 * another body is 422 `idempotency-key-reused`. It runs after the guards (so the actor is known
 * and the token checked) and before validation and the handler.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly skipped = routeMemo((handler, classRef) => Boolean(this.reflector.getAllAndOverride<boolean | undefined>(SKIP_IDEMPOTENCY, [handler, classRef])));

  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (!WRITE_METHODS.has(request.method)) return next.handle();
    if (this.skipped(context)) return next.handle();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !isAcceptableIdempotencyKey(key)) {
      return throwError(
        () =>
          new RequestValidationError([
            { field: 'Idempotency-Key', messages: ['Idempotency-Key must be 1 to 255 visible ASCII characters, sent once.'] },
          ]),
      );
    }
    const actor = request.actor;
    if (!actor) return next.handle();

    const scope: IdempotencyScope = {
      actorKind: actor.kind,
      tenantId: actor.tenantId,
      userId: actor.userId,
      method: request.method,
      path: request.url,
      key,
    };
    return from(this.idempotency.begin(scope, bodyFingerprint(request.body))).pipe(
      mergeMap((start) => {
        switch (start.kind) {
          case 'reused':
            return throwError(
              () =>
                new DomainError(
                  'idempotency-key-reused',
                  'unprocessable',
                  'This Idempotency-Key was already used with another body; use a new key for a new request.',
                ),
            );
          case 'replay': {
            const { answer } = start;
            if (answer.isProblem) {
              return throwError(
                () => new ProblemException(answer.body as ProblemException['problem'], { [IDEMPOTENT_REPLAYED_HEADER]: 'true' }),
              );
            }
            reply.status(answer.status).header(IDEMPOTENT_REPLAYED_HEADER, 'true');
            return of(answer.body);
          }
          case 'proceed': {
            // Exactly one of complete/release per reservation, also when the request is abandoned.
            let settled = false;
            // The answer goes out only once its record is written (and duplicates that waited for
            // it wake only then): an answer the client received is replayed to its retry even if
            // the process dies right after sending it. Two exceptions: a retry arriving before the
            // write is answered from memory at once, and if the write fails the answer is still
            // sent, without a record (the retry then runs again; see IdempotencyStore).
            return next.handle().pipe(
              mergeMap((body: unknown) => {
                settled = true;
                return from(this.idempotency.complete(scope, { status: reply.statusCode, body, isProblem: false })).pipe(map(() => body));
              }),
              catchError((error: unknown) => {
                if (settled) return throwError(() => error);
                settled = true;
                if (isDecidedRefusal(error)) {
                  const { problem } = renderProblem(error);
                  const recorded = this.idempotency.complete(scope, {
                    status: problem.status,
                    body: { ...problem, correlationId: request.id },
                    isProblem: true,
                  });
                  return from(recorded).pipe(mergeMap(() => throwError(() => error)));
                }
                this.idempotency.release(scope);
                return throwError(() => error);
              }),
              finalize(() => {
                if (!settled) this.idempotency.release(scope);
              }),
            );
          }
        }
      }),
    );
  }
}
