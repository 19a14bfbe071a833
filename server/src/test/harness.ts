import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type Config } from '../config.js';
import { createServer, type Deps, type TablesideServer } from '../createServer.js';
import { createDb, databaseName, type Knex } from '../platform/db.js';
import { createLogger } from '../platform/logger.js';
import { closeRedis, createKeys, createRedis, type Keys, type Redis } from '../platform/redis.js';
import { createTestDatabase, dropDatabase } from './databases.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface RunningTestServer {
  server: TablesideServer;
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export interface TestEnv {
  /** This file's own database, cloned from the migrated template. */
  readonly databaseUrl: string;
  readonly db: Knex;
  /** A Redis client for assertions; keys live under `prefix`. */
  readonly redis: Redis;
  readonly prefix: string;
  readonly keys: Keys;
  /** A config for this file's database and key prefix; `overrides` are env-style strings. */
  config(overrides?: Record<string, string>): Config;
  /** The whole server on a free port, closed after the file (or by `close()`). */
  startServer(overrides?: Record<string, string>, deps?: Partial<Deps>): Promise<RunningTestServer>;
}

/**
 * Gives a test file its own database and Redis key prefix, so files run in
 * parallel without seeing each other. Call once at the top of a file.
 */
export function useTestEnv(): TestEnv {
  const prefix = `test:${randomBytes(5).toString('hex')}:`;
  let databaseUrl = '';
  let db: Knex | undefined;
  let redis: Redis | undefined;
  const servers = new Set<RunningTestServer>();

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    db = createDb(databaseUrl, 5);
    redis = createRedis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    if (redis) {
      await deleteKeys(redis, prefix);
      await closeRedis(redis);
    }
    await db?.destroy();
    if (databaseUrl) await dropDatabase(databaseName(databaseUrl));
  });

  const env: TestEnv = {
    get databaseUrl() {
      return databaseUrl;
    },
    get db() {
      if (!db) throw new Error('useTestEnv(): the database exists only inside tests and hooks');
      return db;
    },
    get redis() {
      if (!redis) throw new Error('useTestEnv(): Redis exists only inside tests and hooks');
      return redis;
    },
    prefix,
    keys: createKeys(prefix),
    config: (overrides = {}) =>
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_MAX: '10',
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        SHUTDOWN_TIMEOUT_MS: '2000',
        // Every test joins from 127.0.0.1; the rate-limit test sets its own limit.
        JOIN_RATE_PER_MINUTE: '100000',
        PAIR_RATE_PER_MINUTE: '100000',
        // Tests drive sockets as fast as the server answers; the event-limit tests set their own (and production's).
        SOCKET_EVENTS_PER_SECOND: '1000000',
        SOCKET_EVENT_BURST: '1000000',
        ...overrides,
      }),
    async startServer(overrides = {}, deps = {}) {
      const config = env.config(overrides);
      const server = await createServer(config, { logger: createLogger(config), ...deps });
      const port = await server.listen();
      const running: RunningTestServer = {
        server,
        port,
        url: `http://127.0.0.1:${port}`,
        close: async () => {
          servers.delete(running);
          await server.close();
        },
      };
      servers.add(running);
      return running;
    },
  };
  return env;
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
