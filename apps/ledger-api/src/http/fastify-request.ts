import type { Actor } from '@ledger/kernel';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated actor, set by the AuthGuard on every non-public route. */
    actor?: Actor;
  }
}

export {};
