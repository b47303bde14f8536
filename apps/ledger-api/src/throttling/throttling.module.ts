import { Module } from '@nestjs/common';
import { SlidingWindowThrottlerStorage } from './sliding-window-storage';

/**
 * The per-actor budget's memory: LEDGER_RATE_LIMIT_PER_MINUTE requests per rolling minute
 * (default 6000), counted by SlidingWindowThrottlerStorage (same answers as @nestjs/throttler's
 * storage, O(1) per request) for ActorThrottlerGuard.
 */
@Module({
  providers: [{ provide: SlidingWindowThrottlerStorage, useFactory: () => new SlidingWindowThrottlerStorage() }],
  exports: [SlidingWindowThrottlerStorage],
})
export class ThrottlingModule {}
