import { Router } from '@koa/router';
import type { Knex } from './db.js';
import { appError } from './errors.js';
import type { AppState } from './http.js';
import type { Redis } from './redis.js';

const CHECK_TIMEOUT_MS = 1_500;

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function probe(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await within(CHECK_TIMEOUT_MS, check());
    return 'up';
  } catch {
    return 'down';
  }
}

/** `/healthz`: the process answers. `/readyz`: and so do Postgres and Redis. */
export function healthRouter(deps: { db: Knex; redis: Redis }): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const [postgres, redis] = await Promise.all([probe(() => deps.db.raw('select 1')), probe(() => deps.redis.ping())]);
    const checks = { postgres, redis };
    const down = Object.entries(checks)
      .filter(([, state]) => state === 'down')
      .map(([name]) => name);
    if (down.length > 0) {
      throw appError('DEPENDENCY_UNAVAILABLE', { checks }, `Not ready: ${down.join(' and ')} unreachable.`);
    }
    ctx.body = { status: 'ready', checks };
  });
  return router;
}
