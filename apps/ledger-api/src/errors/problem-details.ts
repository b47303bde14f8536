import { DomainError, type DomainErrorKind } from '@ledger/kernel';
import { ConcurrencyError, StoreUnavailableError } from '@ledger/event-store';
import { AuditLogAheadError } from '@ledger/projections';
import type { ValidationError } from 'class-validator';
import { UnauthenticatedError } from '../auth/unauthenticated.error';

/** The media type of every error answer (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One invalid field of a request: its dotted path (`legalProfile.address.country`, `roles.0`) and what is wrong. */
export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

/**
 * An error answer, RFC 9457 problem details plus the ledger's stable `code` (api.md, Errors).
 * Clients match on `code`; `title` and `detail` are for people.
 */
export interface ProblemDetails {
  /** A URI naming the kind of problem; one per `code`. */
  readonly type: string;
  readonly title: string;
  /** The HTTP status, repeated for clients that only see the body. */
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  /** For `validation-failed`: every invalid field. */
  readonly errors?: readonly FieldError[];
  /** The request's correlation id, to find its log lines. */
  readonly correlationId?: string;
  /** Extra facts of a domain refusal (DomainError.details). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Status of each DomainError kind (the team's shared convention). */
export const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
};

const TITLE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'The request is invalid',
  401: 'Authentication is required',
  403: 'The actor may not do this',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'The current state forbids this',
  413: 'The request body is too large',
  415: 'Unsupported media type',
  422: 'The request cannot be processed',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** Code used for a status when nothing more specific is known. */
const CODE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'validation-failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'rate-limited',
  500: 'internal',
  503: 'unavailable',
};

export function problemTypeOf(code: string): string {
  return `urn:csp-ledger:problem:${code}`;
}

export function defaultCodeOfStatus(status: number): string {
  return CODE_OF_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad-request');
}

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Pick<ProblemDetails, 'errors' | 'details'> = {},
): ProblemDetails {
  return {
    type: problemTypeOf(code),
    title: TITLE_OF_STATUS[status] ?? (status >= 500 ? 'Server error' : 'Request refused'),
    status,
    code,
    detail,
    ...(extra.errors !== undefined ? { errors: extra.errors } : {}),
    ...(extra.details !== undefined ? { details: extra.details } : {}),
  };
}

/** Body or query failed the DTO's shape rules (400 `validation-failed`, with every field listed). */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError';
  constructor(
    readonly errors: readonly FieldError[],
    detail = 'The request does not have the expected shape; see errors.',
  ) {
    super(detail);
  }
}

/** An answer already rendered as problem details (a replayed refusal, a failed health check). */
export class ProblemException extends Error {
  override readonly name = 'ProblemException';
  constructor(
    readonly problem: ProblemDetails,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem.detail);
  }
}

/**
 * Flattens class-validator's error tree into one entry per invalid field, with dotted paths
 * through nested objects and arrays; a property that should not be there is reported under its
 * own name ("property x should not exist").
 */
export function fieldErrorsFrom(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) result.push({ field, messages });
    if (error.children && error.children.length > 0) result.push(...fieldErrorsFrom(error.children, field));
  }
  return result;
}

/**
 * The problem for an error the ledger knows, or undefined for anything else (the filter then
 * looks at framework exceptions, and finally answers 500 `internal`).
 */
export function knownProblemOf(error: unknown): ProblemDetails | undefined {
  if (error instanceof ProblemException) return error.problem;
  if (error instanceof DomainError) {
    return problem(STATUS_OF_KIND[error.kind], error.code, error.message, error.details ? { details: error.details } : {});
  }
  if (error instanceof RequestValidationError) {
    return problem(400, 'validation-failed', error.message, error.errors.length > 0 ? { errors: error.errors } : {});
  }
  if (error instanceof UnauthenticatedError) return problem(401, 'unauthenticated', error.detail);
  if (error instanceof ConcurrencyError) {
    return problem(409, 'concurrency-conflict', 'Other writes to the same records kept winning the race; retry the request.');
  }
  if (error instanceof StoreUnavailableError) return problem(503, 'unavailable', 'The event store cannot be reached; retry later.');
  // Read models ahead of the log (an older copy of it restored): never another event in its place.
  // Its message, for operators, is logged (ProblemDetailsFilter); the client can only retry.
  if (error instanceof AuditLogAheadError) {
    return problem(503, 'unavailable', 'The audit log is out of step with the event log until it is rebuilt from it; retry later.');
  }
  return undefined;
}
