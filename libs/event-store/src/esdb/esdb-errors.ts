/**
 * What an error from @eventstore/db-client means for the port. Pure (esdb-errors.spec.ts builds the
 * client's own error classes to check it).
 */
import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { InvalidEventError, StoreUnavailableError } from '../port';

export type EsdbErrorKind =
  /** The append's expected revision did not match (optimistic concurrency). */
  | 'wrong-expected-version'
  /** Reading a stream that does not exist (the port reads it as empty). */
  | 'stream-not-found'
  /** The append is bigger than the server's MaxAppendSize. */
  | 'too-large'
  /** The server cannot be reached or did not answer: retrying later may work. */
  | 'unavailable'
  /** The server refused our credentials: an operator must fix the configuration. */
  | 'access-denied'
  /** Anything else: a bug or a state the ledger never creates (e.g. a deleted stream). */
  | 'other';

export function classifyEsdbError(error: unknown): EsdbErrorKind {
  if (error instanceof WrongExpectedVersionError) return 'wrong-expected-version';
  if (error instanceof StreamNotFoundError) return 'stream-not-found';
  if (error instanceof MaxAppendSizeExceededError) return 'too-large';
  if (error instanceof AccessDeniedError) return 'access-denied';
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError
  ) {
    return 'unavailable';
  }
  if (error instanceof StreamDeletedError || error instanceof UnknownError) return 'other';
  // Cluster discovery gives up with a plain Error; gRPC errors the client did not convert carry a
  // numeric status (14 UNAVAILABLE, 4 DEADLINE_EXCEEDED).
  if (error instanceof Error && /^Failed to discover after \d+ attempts/.test(error.message)) return 'unavailable';
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 14 || code === 4) return 'unavailable';
  return 'other';
}

/** Whether a dropped subscription is worth opening again (after a back-off). */
export function isTransient(error: unknown): boolean {
  const kind = classifyEsdbError(error);
  return kind === 'unavailable' || (kind === 'other' && error instanceof UnknownError);
}

/**
 * The port's error for a client error that has no more specific meaning where it happened:
 * unreachable or refusing server → StoreUnavailableError (the API answers 503), too large →
 * InvalidEventError('too-large'), anything else is returned unchanged.
 */
export function toPortError(error: unknown, where: string): unknown {
  switch (classifyEsdbError(error)) {
    case 'unavailable':
      return new StoreUnavailableError(`EventStoreDB is unreachable (${where}): ${describe(error)}`, { cause: error });
    case 'access-denied':
      return new StoreUnavailableError(`EventStoreDB refused the ledger's credentials (${where}): ${describe(error)}`, { cause: error });
    case 'too-large':
      return new InvalidEventError('too-large', `EventStoreDB refused the append as too large (${where}): ${describe(error)}`);
    default:
      return error;
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() === '' ? (error as { constructor?: { name?: string } })?.constructor?.name ?? 'unknown error' : message;
}
