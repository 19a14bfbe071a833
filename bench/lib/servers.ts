import { BENCH_DATABASE_URL } from './benchDatabase.js';
import { repoPath } from './paths.js';
import type { ServerProcessOptions } from './serverProcess.js';

/**
 * The real server, built (`server/dist`), on the bench database and its own
 * Redis key prefix. It logs at `info` as a deployment does, so the JSON line
 * written per request is part of what is measured. `env` adds or overrides
 * configuration variables (ROLE, rate limits, ...).
 */
export function tablesideProcess(env: Record<string, string> = {}): ServerProcessOptions {
  return {
    name: 'tableside',
    nodeArgs: [repoPath('server/dist/main.js')],
    readyPath: '/readyz',
    env: {
      DATABASE_URL: BENCH_DATABASE_URL,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: 'bench:',
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
