/**
 * The request carries no acceptable bearer token (api.md: 401 `unauthenticated`). `detail` says why
 * in words a client developer can act on; it never echoes the token.
 */
export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
  constructor(readonly detail: string) {
    super(detail);
  }
}
