import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a ThrottlerStorage answers for one request (the guard sets the headers and 429 from it). */
export interface ThrottleRecord {
  readonly totalHits: number;
  readonly timeToExpire: number;
  readonly isBlocked: boolean;
  readonly timeToBlockExpire: number;
}

/** How often idle actors' records are dropped (checked on the next request, no timer). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The expiry times of one actor's hits, oldest first. Hits are recorded at "now + ttl", so they
 * arrive in time order and expire from the front: pruning is a pointer move, not a scan.
 */
class HitQueue {
  private times: number[] = [];
  private head = 0;

  get size(): number {
    return this.times.length - this.head;
  }

  /** The earliest expiry, or undefined when empty. */
  get first(): number | undefined {
    return this.head < this.times.length ? this.times[this.head] : undefined;
  }

  push(expiresAt: number): void {
    this.times.push(expiresAt);
  }

  /** Forgets the hits that have expired at `now` (expiry ≤ now). */
  prune(now: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now) this.head += 1;
    // Reclaim the consumed front once it is most of the array.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.times = [];
    this.head = 0;
  }
}

interface ActorRecord {
  expiresAt: number;
  blockExpiresAt: number;
  isBlocked: boolean;
  readonly hits: Map<string, HitQueue>;
}

/**
 * The rate limiter's memory: a rolling window of hits per actor (api.md: 429 `rate-limited`).
 *
 * It answers exactly as @nestjs/throttler's default in-memory storage does — same window, same
 * block after the limit, same `Retry-After` and `X-RateLimit-*` values — but that storage filters
 * an actor's whole list of hits on every request, so one busy actor (a backend service, an
 * auditor's tooling) cost O(hits in the last minute) per request: about 1 ms per request at
 * 100,000 hits a minute. Here the hits are a queue that expires from the front (amortized O(1)).
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage {
  private readonly records = new Map<string, ActorRecord>();
  private lastSweep: number;

  constructor(private readonly clock: () => number = Date.now) {
    this.lastSweep = clock();
  }

  /** Actors currently remembered (for tests). */
  get size(): number {
    return this.records.size;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottleRecord> {
    return this.hit(key, ttl, limit, blockDuration, throttlerName);
  }

  /** The synchronous core of `increment`. */
  hit(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): ThrottleRecord {
    const now = this.clock();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep(now);
    let record = this.records.get(key);
    if (!record) {
      record = { expiresAt: now + ttl, blockExpiresAt: 0, isBlocked: false, hits: new Map() };
      this.records.set(key, record);
    }
    let hits = record.hits.get(throttlerName);
    if (!hits) {
      hits = new HitQueue();
      record.hits.set(throttlerName, hits);
    }
    hits.prune(now);
    let timeToExpire = Math.ceil((record.expiresAt - now) / 1000);
    if (timeToExpire <= 0) {
      record.expiresAt = now + ttl;
      timeToExpire = Math.ceil((record.expiresAt - now) / 1000);
    }

    if (blockDuration <= 0) {
      // No block: a request over the limit is refused, and does not count as a hit.
      const isBlocked = hits.size >= limit;
      if (!isBlocked) hits.push(now + ttl);
      const first = hits.first;
      return {
        totalHits: hits.size + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? (first !== undefined ? Math.ceil((first - now) / 1000) : timeToExpire) : 0,
      };
    }

    // With a block: every request while not blocked counts; passing the limit blocks the actor for
    // `blockDuration`; once that has passed, the record starts again from this one hit.
    if (!record.isBlocked) hits.push(now + ttl);
    if (hits.size > limit && !record.isBlocked) {
      record.isBlocked = true;
      record.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = Math.ceil((record.blockExpiresAt - now) / 1000);
    if (timeToBlockExpire <= 0 && record.isBlocked) {
      record.isBlocked = false;
      hits.clear();
      hits.push(now + ttl);
    }
    return { totalHits: hits.size, timeToExpire, isBlocked: record.isBlocked, timeToBlockExpire };
  }

  /** Drops actors with nothing left to remember: window over, not blocked, no live hit. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, record] of this.records) {
      if (record.isBlocked && record.blockExpiresAt > now) continue;
      if (record.expiresAt > now) continue;
      let live = false;
      for (const hits of record.hits.values()) {
        hits.prune(now);
        if (hits.size > 0) live = true;
      }
      if (!live) this.records.delete(key);
    }
  }
}
