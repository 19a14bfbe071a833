import { randomBytes } from 'node:crypto';
import { createDb, withDatabase } from '../platform/db.js';
import { migrateLatest } from '../platform/migrate.js';
import { TEMPLATE_ENV, TEST_DATABASE_PREFIX, TEST_SERVER_URL, dropDatabase, withAdmin } from './databases.js';

const STALE_AFTER_SECONDS = 3 * 3600;

/**
 * Once per run: build a template database that every test file clones
 * (`CREATE DATABASE ... TEMPLATE`, a file copy, far faster than migrating per
 * file). Each run has its own template and names its databases with the time,
 * so two runs on one machine never drop each other's; leftovers of crashed
 * runs are dropped once they are hours old.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const now = Math.floor(Date.now() / 1000);
  const names = await withAdmin((admin) =>
    admin('pg_database').where('datname', 'like', `${TEST_DATABASE_PREFIX}%`).pluck<string[]>('datname'),
  );
  for (const name of names) {
    const created = Number(/_(\d{10})_/.exec(name)?.[1] ?? 0);
    if (now - created > STALE_AFTER_SECONDS) await dropDatabase(name);
  }

  const template = `${TEST_DATABASE_PREFIX}${now}_template_${randomBytes(3).toString('hex')}`;
  await withAdmin((admin) => admin.raw('create database ??', [template]));
  const db = createDb(withDatabase(TEST_SERVER_URL, template), 1);
  try {
    await migrateLatest(db);
  } finally {
    // Nobody may stay connected to a template while it is being cloned.
    await db.destroy();
  }
  process.env[TEMPLATE_ENV] = template;
  return () => dropDatabase(template);
}
