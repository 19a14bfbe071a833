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
    /** Notifications to the realtime instances (see platform/bus.ts). */
    bus: `${prefix}bus`,
    /** A table session's cart: hash { v: version, state: JSON }. */
    cart: (sessionId: string) => `${prefix}cart:{${sessionId}}`,
    /** Op ids already applied to that cart, with their answers. */
    cartOps: (sessionId: string) => `${prefix}cart-ops:{${sessionId}}`,
    /** The `orders` stream: one entry per order event, read by the realtime consumer group. */
    ordersStream: `${prefix}orders`,
    /** A signed-in owner's or staff member's session, by the hash of its cookie token. */
    staffSession: (tokenHash: string) => `${prefix}staff-session:${tokenHash}`,
    /** The session hashes of one staff user, to sign them out everywhere. */
    staffSessionsOf: (userId: string) => `${prefix}staff-sessions-of:${userId}`,
    /** Throttles writes of a session's last activity to Postgres. */
    sessionTouch: (sessionId: string) => `${prefix}session-touch:{${sessionId}}`,
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

/**
 * Closes a client after its pending replies (QUIT), so commands already sent
 * (a last unsubscribe, an XACK) are answered rather than rejected. A client
 * that is waiting to reconnect has nothing in flight and is dropped at once.
 */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready' || client.status === 'connect' || client.status === 'connecting') {
    const quit = client.quit().then(
      () => true,
      () => false,
    );
    const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000).unref());
    if (await Promise.race([quit, late])) return;
  }
  client.disconnect();
}
