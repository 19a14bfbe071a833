import { expect } from 'vitest';
import type { TestEnv } from './harness.js';

/**
 * Everything a test file's server could have written: a digest of every
 * Postgres table's rows and the contents of every Redis key under the file's
 * prefix. Rate-limit counters are left out (counting a refused attempt is
 * their job), and so is the TTL a read slides forward.
 */
export interface StoredState {
  postgres: Record<string, string>;
  redis: Record<string, string>;
}

export async function storedState(env: TestEnv): Promise<StoredState> {
  const tables = (
    await env
      .db('information_schema.tables')
      .where({ table_schema: 'public', table_type: 'BASE TABLE' })
      .whereNot('table_name', 'like', 'knex%')
      .pluck('table_name')
  ).sort() as string[];
  const digests = await env.db.raw<{ rows: { name: string; digest: string }[] }>(
    tables
      .map(
        (table) =>
          `select '${table}' as name, md5(coalesce(string_agg(row::text, '|' order by row::text), '')) as digest from "${table}" row`,
      )
      .join(' union all '),
  );
  const postgres = Object.fromEntries(digests.rows.map((row) => [row.name, row.digest]));

  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await env.redis.scan(cursor, 'MATCH', `${env.prefix}*`, 'COUNT', 1000);
    keys.push(...found.filter((key) => !key.startsWith(env.keys.rateLimit(''))));
    cursor = next;
  } while (cursor !== '0');
  const redis: Record<string, string> = {};
  for (const key of keys.sort()) redis[key] = JSON.stringify(await contents(env, key));
  return { postgres, redis };
}

async function contents(env: TestEnv, key: string): Promise<unknown> {
  const type = await env.redis.type(key);
  switch (type) {
    case 'string':
      return env.redis.get(key);
    case 'hash':
      return env.redis.hgetall(key);
    case 'set':
      return (await env.redis.smembers(key)).sort();
    case 'zset':
      return env.redis.zrange(key, 0, -1, 'WITHSCORES');
    case 'list':
      return env.redis.lrange(key, 0, -1);
    case 'stream':
      // Entries only: a consumer group's bookkeeping moves with every read.
      return env.redis.xrange(key, '-', '+');
    default:
      return type;
  }
}

/** Runs `act` and fails, naming the tables and keys, if it changed anything stored. */
export async function expectNothingStored(env: TestEnv, what: string, act: () => Promise<void>): Promise<void> {
  const before = await storedState(env);
  await act();
  const after = await storedState(env);
  const changed = [
    ...Object.keys({ ...before.postgres, ...after.postgres }).filter(
      (table) => before.postgres[table] !== after.postgres[table],
    ),
    ...Object.keys({ ...before.redis, ...after.redis })
      .filter((key) => before.redis[key] !== after.redis[key])
      .map((key) => `${key}: ${before.redis[key]?.slice(0, 300)} → ${after.redis[key]?.slice(0, 300)}`),
  ];
  expect(changed, `${what} changed stored state`).toEqual([]);
}
