import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { repoPath } from './paths.js';

const run = promisify(execFile);

/**
 * Benchmarks own this database on the local Postgres and rebuild it on every
 * run; BENCH_DATABASE names another, so two benchmarks can run side by side.
 */
export const BENCH_DATABASE = process.env.BENCH_DATABASE ?? 'tableside_bench';
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(BENCH_DATABASE)) {
  throw new Error(`BENCH_DATABASE must be a plain lower-case identifier, not "${BENCH_DATABASE}"`);
}
export const BENCH_DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${BENCH_DATABASE}`;
const MAINTENANCE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs `sql` (with `$1`... bound to `params`) on the bench database and returns its rows. */
export async function queryBenchDatabase<Row extends object>(sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Drops and recreates the bench database, then migrates it and seeds the demo
 * restaurant with the built CLI, exactly as `npm run migrate` and `npm run seed`
 * do, so every run starts from the same rows. Needs `npm run build` first.
 */
export async function prepareBenchDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: MAINTENANCE_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
    await admin.query(`create database ${BENCH_DATABASE}`);
  } finally {
    await admin.end();
  }
  for (const command of ['migrate', 'seed']) {
    try {
      await run(process.execPath, [repoPath('server/dist/cli/db.js'), command], {
        cwd: repoPath('.'),
        env: { ...process.env, DATABASE_URL: BENCH_DATABASE_URL },
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new Error(`db.js ${command} failed on the bench database${stderr ? `:\n${stderr}` : ''}`, { cause: error });
    }
  }
}
