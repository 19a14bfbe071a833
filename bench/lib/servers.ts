import type { Redis } from 'ioredis';
import { BENCH_DATABASE, BENCH_DATABASE_URL } from './benchDatabase.js';
import { repoPath } from './paths.js';
import type { ServerProcessOptions } from './serverProcess.js';

/** The Redis key prefix of the real server in every benchmark, one per bench database. */
const BENCH_KEY_PREFIX = BENCH_DATABASE === 'tableside_bench' ? 'bench:' : `${BENCH_DATABASE}:`;
/** The server's `orders` stream under that prefix. */
export const BENCH_ORDER_STREAM = `${BENCH_KEY_PREFIX}orders`;

/**
 * Deletes the `orders` stream (and its dead letters) the server left in Redis
 * under the bench prefix, with its consumer group: entries of an earlier run
 * name orders of a database rebuilt since, and any left pending would be
 * delivered again to this run's kiosk. Call it before starting the servers.
 */
export async function forgetOrderStream(redis: Redis): Promise<void> {
  await redis.del(BENCH_ORDER_STREAM, `${BENCH_ORDER_STREAM}:dead`);
}

/**
 * The limits a load generator needs lifted, for `tablesideProcess`: it seats
 * every table at once and sends cart ops from one socket per table as fast
 * as the server answers, far faster than any phone. Under the defaults (60
 * joins a minute per address, 20 events a second per socket) its diners
 * would be refused RATE_LIMITED, and the bench would measure the limiter.
 */
export const LOAD_GENERATOR_LIMITS = {
  JOIN_RATE_PER_MINUTE: '1000000',
  SOCKET_EVENTS_PER_SECOND: '1000000',
  SOCKET_EVENT_BURST: '1000000',
};

/**
 * With BENCH_CPU_PROFILE_DIR set, the real server writes a V8 CPU profile
 * there when it stops (open it in Chrome DevTools' Performance panel).
 */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR;
const profileArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];

/**
 * The real server, built (`server/dist`), on the bench database and its own
 * Redis key prefix. It logs at `info` as a deployment does, so the JSON line
 * written per request is part of what is measured. `env` adds or overrides
 * configuration variables (ROLE, rate limits, ...).
 */
export function tablesideProcess(env: Record<string, string> = {}): ServerProcessOptions {
  return {
    name: 'tableside',
    nodeArgs: [...profileArgs, repoPath('server/dist/main.js')],
    readyPath: '/readyz',
    env: {
      DATABASE_URL: BENCH_DATABASE_URL,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: BENCH_KEY_PREFIX,
      LOG_LEVEL: 'info',
      ...env,
    },
  };
}

/** The ceiling: Koa with nothing but `GET /healthz` (bareKoa.ts). */
export function bareKoaProcess(): ServerProcessOptions {
  return { name: 'bare-koa', nodeArgs: ['--import', 'tsx', repoPath('bench/lib/bareKoa.ts')], readyPath: '/healthz' };
}

/**
 * The ceiling of the cart benchmark: Socket.IO and its Redis adapter with no
 * cart logic (bareSocketIo.ts). Instances started with the same adapter key
 * share rooms; the key is its own, so they never mix with a real server.
 */
export function bareSocketIoProcess(name: string): ServerProcessOptions {
  return {
    name,
    nodeArgs: ['--import', 'tsx', repoPath('bench/lib/bareSocketIo.ts')],
    readyPath: '/healthz',
    env: { REDIS_URL: 'redis://127.0.0.1:6379', ADAPTER_KEY: 'bench-ceiling:socket.io' },
  };
}
