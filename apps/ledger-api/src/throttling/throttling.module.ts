import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type LedgerApiConfig } from '../config';
import { SlidingWindowThrottlerStorage } from './sliding-window-storage';

/**
 * Name of the ledger's one throttler. `default` keeps the standard header names (`Retry-After`,
 * `X-RateLimit-Limit`, …) and lets a plain `@SkipThrottle()` exempt a route.
 */
export const THROTTLER_NAME = 'default';

/**
 * The per-actor budget: LEDGER_RATE_LIMIT_PER_MINUTE requests per rolling minute (default 6000),
 * counted by SlidingWindowThrottlerStorage (same answers as the library's storage, O(1) per request).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: LedgerApiConfig) => ({
        throttlers: [{ name: THROTTLER_NAME, ttl: 60_000, limit: config.rateLimitPerMinute }],
        errorMessage: 'Too many requests from this actor; slow down and retry after the Retry-After delay.',
        storage: new SlidingWindowThrottlerStorage(),
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class ThrottlingModule {}
