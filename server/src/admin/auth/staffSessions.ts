import { createHash, randomBytes } from 'node:crypto';
import type { Keys, Redis } from '../../platform/redis.js';

/**
 * Owner and staff sign-in sessions, in Redis: the cookie holds a random token,
 * Redis holds only its hash, expiring after `ttlSeconds` without use (every
 * use slides it). A user's sessions are indexed, so removing someone signs
 * them out everywhere at once.
 */
export interface StaffSession {
  userId: string;
  restaurantId: string;
  createdAt: string;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export function createStaffSessions(redis: Redis, keys: Keys, ttlSeconds: number) {
  return {
    async create(userId: string, restaurantId: string, now: Date): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      const session: StaffSession = { userId, restaurantId, createdAt: now.toISOString() };
      await redis
        .multi()
        .set(keys.staffSession(hash(token)), JSON.stringify(session), 'EX', ttlSeconds)
        .sadd(keys.staffSessionsOf(userId), hash(token))
        .expire(keys.staffSessionsOf(userId), ttlSeconds)
        .exec();
      return token;
    },
    /** The session of a cookie's token, its expiry slid forward; undefined when it is gone. */
    async get(token: string): Promise<StaffSession | undefined> {
      if (token.length > 100) return undefined;
      const key = keys.staffSession(hash(token));
      const [[, raw] = [], ...rest] = (await redis.multi().get(key).expire(key, ttlSeconds).exec()) ?? [];
      void rest;
      return typeof raw === 'string' ? (JSON.parse(raw) as StaffSession) : undefined;
    },
    async revoke(token: string): Promise<void> {
      await redis.unlink(keys.staffSession(hash(token)));
    },
    async revokeAllOf(userId: string): Promise<void> {
      const hashes = await redis.smembers(keys.staffSessionsOf(userId));
      await redis.unlink(keys.staffSessionsOf(userId), ...hashes.map((h) => keys.staffSession(h)));
    },
  };
}
export type StaffSessions = ReturnType<typeof createStaffSessions>;
