import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { appError } from './errors.js';
import type { Redis } from './redis.js';

export interface RateLimit {
  /** Counts one attempt for `key`; throws RATE_LIMITED (with seconds to wait) past the limit. */
  consume(key: string): Promise<void>;
  /** Throws RATE_LIMITED if `key` has used up its points, without using one. */
  check(key: string): Promise<void>;
  /** Uses one point of `key` without refusing (a failed sign-in counts against the next). */
  penalize(key: string): Promise<void>;
  /** Forgets `key`'s attempts (a successful sign-in clears its failures). */
  reset(key: string): Promise<void>;
}

/**
 * A fixed-window limit shared by every instance through Redis. If Redis is
 * down, each instance falls back to counting in its own memory rather than
 * refusing everyone or letting everyone through.
 */
export function createRateLimit(
  redis: Redis,
  options: { keyPrefix: string; points: number; durationSeconds: number },
): RateLimit {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
    insuranceLimiter: new RateLimiterMemory({ points: options.points, duration: options.durationSeconds }),
  });
  const refused = (msBeforeNext: number) =>
    appError('RATE_LIMITED', { retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) });
  return {
    async check(key) {
      const state = await limiter.get(key);
      if (state && state.consumedPoints >= options.points) throw refused(state.msBeforeNext);
    },
    async penalize(key) {
      await limiter.penalty(key, 1);
    },
    async consume(key) {
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw refused(rejection.msBeforeNext);
      }
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}
