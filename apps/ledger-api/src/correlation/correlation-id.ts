import { randomUUID } from 'node:crypto';

/** The header a client may send to tie its requests together; the ledger echoes it back. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * What the ledger accepts as a client's correlation id: at most 128 characters that are safe in a
 * header, a log line and a URL without escaping. Anything else is replaced, not refused, so a
 * client's odd tracing header never fails a write.
 */
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function isAcceptableCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && ACCEPTABLE_CORRELATION_ID.test(value);
}

/**
 * The correlation id of a request: the client's `X-Correlation-Id` when acceptable, else a new UUID.
 * It is recorded in every event the request causes (domain §6) and carried by every log line.
 */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return isAcceptableCorrelationId(candidate) ? candidate : randomUUID();
}
