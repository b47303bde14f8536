import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import '../http/fastify-request';

/**
 * Rate limiting per actor (api.md: 429 `rate-limited`, "too many requests from one actor"): the
 * budget is shared by all routes and keyed on the token's kind, tenant and user; a request
 * without an actor (a public route) is keyed on its client IP. It runs after the AuthGuard,
 * so the actor is known and a forged token cannot spend someone else's budget.
 */
@Injectable()
export class ActorThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { actor, ip } = request as unknown as FastifyRequest;
    return actor ? `actor:${actor.kind}:${actor.tenantId}:${actor.userId}` : `ip:${ip}`;
  }

  /** One budget per actor for the whole API, not one per route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
