/**
 * How a broken rule is classified; the HTTP edge maps it to a status (api.md, Errors):
 * `forbidden` → 403, `not-found` → 404, `conflict` → 409 (the state forbids it),
 * `unprocessable` → 422 (the request itself is unacceptable whatever the state).
 */
export type DomainErrorKind = 'forbidden' | 'not-found' | 'conflict' | 'unprocessable';

/**
 * A rule of domain §4 refused the command. `code` is public and stable: clients match on it.
 * Nothing is appended when a decider throws one.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export const forbidden = (message = 'The actor may not do this.'): DomainError =>
  new DomainError('forbidden', 'forbidden', message);

export const notFound = (code: string, message: string): DomainError => new DomainError(code, 'not-found', message);

export const conflict = (code: string, message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError(code, 'conflict', message, details);

export const unprocessable = (code: string, message: string): DomainError =>
  new DomainError(code, 'unprocessable', message);
