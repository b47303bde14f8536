import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type LedgerApiConfig } from '../config';
import '../http/fastify-request';
import { routeMemo } from '../http/route-memo';
import { SlidingWindowThrottlerStorage } from './sliding-window-storage';

/** Name of the ledger's one budget: `@SkipThrottle()` without arguments exempts a route from `default`. */
const THROTTLER_NAME = 'default';

/** The rolling window of LEDGER_RATE_LIMIT_PER_MINUTE; an actor over the limit is refused for as long. */
const WINDOW_MS = 60_000;

const ERROR_MESSAGE = 'Too many requests from this actor; slow down and retry after the Retry-After delay.';

/** @nestjs/throttler's THROTTLER_SKIP (its constants module is not exported). */
const THROTTLER_SKIP = 'THROTTLER:SKIP';

/**
 * Rate limiting per actor (api.md: 429 `rate-limited`, "too many requests from one actor"): the
 * budget is shared by all routes and keyed on the token's kind, tenant and user; a request
 * without an actor (a public route) is keyed on its client IP. It runs after the AuthGuard,
 * so the actor is known and a forged token cannot spend someone else's budget.
 *
 * It answers as @nestjs/throttler's guard does with one throttler (same headers, same 429), but
 * synchronously: the library's guard looks up six metadata keys and awaits about ten promises on
 * every request. Of the library's route decorators only `@SkipThrottle()` is read: one budget
 * covers all routes, and `@Throttle()` has no effect.
 */
@Injectable()
export class ActorThrottlerGuard implements CanActivate {
  private readonly limit: number;
  private readonly skipped = routeMemo((handler, classRef) => Boolean(this.reflector.getAllAndOverride<boolean | undefined>(THROTTLER_SKIP + THROTTLER_NAME, [handler, classRef])));

  constructor(
    @Inject(APP_CONFIG) config: LedgerApiConfig,
    private readonly storage: SlidingWindowThrottlerStorage,
    private readonly reflector: Reflector,
  ) {
    this.limit = config.rateLimitPerMinute;
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.skipped(context)) return true;
    const http = context.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const { limit } = this;
    const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = this.storage.hit(trackerOf(http.getRequest<FastifyRequest>()), WINDOW_MS, limit, WINDOW_MS, THROTTLER_NAME);
    if (isBlocked) {
      reply.header('Retry-After', timeToBlockExpire);
      throw new ThrottlerException(ERROR_MESSAGE);
    }
    reply.header('X-RateLimit-Limit', limit);
    reply.header('X-RateLimit-Remaining', Math.max(0, limit - totalHits));
    reply.header('X-RateLimit-Reset', timeToExpire);
    return true;
  }
}

function trackerOf({ actor, ip }: FastifyRequest): string {
  return actor ? `actor:${actor.kind}:${actor.tenantId}:${actor.userId}` : `ip:${ip}`;
}
