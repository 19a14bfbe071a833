import { Redis } from 'ioredis';

export { Redis };

/**
 * Every Redis key and channel this server uses goes through here, under the
 * configured prefix, so two deployments (or two test files) can share one
 * Redis without touching each other's data.
 */
export function createKeys(prefix: string) {
  return {
    prefix,
    socketIo: `${prefix}socket.io`,
    /** rate-limiter-flexible adds `:<key>` to these. */
    rateLimit: (name: string) => `${prefix}rl:${name}`,
  };
}
export type Keys = ReturnType<typeof createKeys>;

export function createRedis(redisUrl: string): Redis {
  return new Redis(redisUrl, {
    // Fail a command after a few reconnect attempts instead of queueing forever:
    // callers (readiness, order produce) must learn that Redis is down.
    maxRetriesPerRequest: 2,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    lazyConnect: false,
  });
}
