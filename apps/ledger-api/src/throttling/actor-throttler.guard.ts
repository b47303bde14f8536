import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import '../http/fastify-request';
import { SlidingWindowThrottlerStorage } from './sliding-window-storage';

/** THROTTLER_SKIP etc. of @nestjs/throttler (its constants module is not exported). */
const THROTTLER_METADATA = {
  skip: 'THROTTLER:SKIP',
  limit: 'THROTTLER:LIMIT',
  ttl: 'THROTTLER:TTL',
  blockDuration: 'THROTTLER:BLOCK_DURATION',
  tracker: 'THROTTLER:TRACKER',
  keyGenerator: 'THROTTLER:KEY_GENERATOR',
} as const;

/** One route's throttling, settled once: skipped, or the budget every request of it spends. */
type RouteThrottle = { readonly skip: true } | { readonly skip: false; readonly name: string; readonly limit: number; readonly ttl: number; readonly blockDuration: number };

/** Nest's guards await whatever is not a boolean; a settled promise costs them one turn. */
const ALLOWED = Promise.resolve(true);

/**
 * Rate limiting per actor (api.md: 429 `rate-limited`, "too many requests from one actor"): the
 * budget is shared by all routes and keyed on the token's kind, tenant and user; a request
 * without an actor (a public route) is keyed on its client IP. It runs after the AuthGuard,
 * so the actor is known and a forged token cannot spend someone else's budget.
 *
 * The library's `canActivate` looks up six metadata keys on the handler and its class and awaits
 * about ten promises on every request; none of it changes after startup. So the route's settings
 * are read once (`routeThrottle`) and a request is counted synchronously in the sliding-window
 * storage, with the library's headers and exception. Routes whose settings are computed per
 * request (a function as limit or ttl, their own tracker or key generator, `skipIf`, ignored user
 * agents, headers turned off, several throttlers, another storage) keep the library's path as it is.
 */
@Injectable()
export class ActorThrottlerGuard extends ThrottlerGuard {
  private readonly routes = new WeakMap<object, Map<object, RouteThrottle | null>>();

  override canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.routeThrottle(context);
    if (route === null) return super.canActivate(context);
    if (route.skip) return ALLOWED;
    const { req, res } = this.getRequestResponse(context);
    const tracker = trackerOf(req as FastifyRequest);
    const key = this.generateKey(context, tracker, route.name);
    const { limit, ttl, blockDuration, name } = route;
    const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = (this.storageService as SlidingWindowThrottlerStorage).hit(key, ttl, limit, blockDuration, name);
    const suffix = name === 'default' ? '' : `-${name}`;
    if (isBlocked) {
      this.setResponseHeader(res, `Retry-After${suffix}`, timeToBlockExpire);
      return this.throwThrottlingException(context, { limit, ttl, key, tracker, totalHits, timeToExpire, isBlocked, timeToBlockExpire }).then(() => true);
    }
    this.setResponseHeader(res, `${this.headerPrefix}-Limit${suffix}`, limit);
    this.setResponseHeader(res, `${this.headerPrefix}-Remaining${suffix}`, Math.max(0, limit - totalHits));
    this.setResponseHeader(res, `${this.headerPrefix}-Reset${suffix}`, timeToExpire);
    return ALLOWED;
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return trackerOf(request as unknown as FastifyRequest);
  }

  /** One budget per actor for the whole API, not one per route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  /** The route's settings, read once per handler and class; null: the library decides per request. */
  private routeThrottle(context: ExecutionContext): RouteThrottle | null {
    const handler = context.getHandler();
    const classRef = context.getClass();
    let byClass = this.routes.get(handler);
    if (byClass === undefined) this.routes.set(handler, (byClass = new Map()));
    let route = byClass.get(classRef);
    if (route === undefined) byClass.set(classRef, (route = this.readRouteThrottle(handler, classRef)));
    return route;
  }

  private readRouteThrottle(handler: object, classRef: object): RouteThrottle | null {
    if (this.throttlers.length !== 1 || !(this.storageService instanceof SlidingWindowThrottlerStorage)) return null;
    const throttler = this.throttlers[0]!;
    const { name = 'default' } = throttler;
    const targets = [handler, classRef] as Array<() => void>;
    const read = (prefix: string): unknown => this.reflector.getAllAndOverride(prefix + name, targets);
    const skipIf = throttler.skipIf ?? this.commonOptions.skipIf;
    const ignoreUserAgents = throttler.ignoreUserAgents ?? this.commonOptions.ignoreUserAgents;
    const setHeaders = throttler.setHeaders ?? this.commonOptions.setHeaders ?? true;
    if (skipIf !== undefined || (Array.isArray(ignoreUserAgents) && ignoreUserAgents.length > 0) || setHeaders !== true) return null;
    if (read(THROTTLER_METADATA.skip)) return { skip: true };
    if (read(THROTTLER_METADATA.tracker) || throttler.getTracker || read(THROTTLER_METADATA.keyGenerator) || throttler.generateKey) return null;
    if (this.commonOptions.getTracker || this.commonOptions.generateKey) {
      // The library binds its own methods here when no option names others: those are ours.
      if (!isBoundMethod(this.commonOptions.getTracker, 'getTracker') || !isBoundMethod(this.commonOptions.generateKey, 'generateKey')) return null;
    }
    const limit = read(THROTTLER_METADATA.limit) ?? throttler.limit;
    const ttl = read(THROTTLER_METADATA.ttl) ?? throttler.ttl;
    const blockDuration = read(THROTTLER_METADATA.blockDuration) ?? throttler.blockDuration ?? ttl;
    if (!isFiniteNumber(limit) || !isFiniteNumber(ttl) || !isFiniteNumber(blockDuration)) return null;
    return { skip: false, name, limit, ttl, blockDuration };
  }
}

function trackerOf({ actor, ip }: FastifyRequest): string {
  return actor ? `actor:${actor.kind}:${actor.tenantId}:${actor.userId}` : `ip:${ip}`;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `fn` is `this.<method>.bind(this)` (its name is "bound <method>"). */
function isBoundMethod(fn: unknown, method: string): boolean {
  return typeof fn === 'function' && fn.name === `bound ${method}`;
}
