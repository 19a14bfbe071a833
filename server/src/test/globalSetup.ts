import { createDb, withDatabase } from '../platform/db.js';
import { migrateLatest } from '../platform/migrate.js';
import { TEMPLATE_DATABASE, TEST_DATABASE_PREFIX, TEST_SERVER_URL, dropDatabase, withAdmin } from './databases.js';

/**
 * Once per run: drop test databases a crashed run left behind, then build the
 * template every test file clones (`CREATE DATABASE ... TEMPLATE`, a file copy,
 * far faster than migrating per file).
 */
export default async function setup(): Promise<void> {
  const leftovers = await withAdmin((admin) =>
    admin('pg_database').where('datname', 'like', `${TEST_DATABASE_PREFIX}%`).pluck<string[]>('datname'),
  );
  for (const name of leftovers) await dropDatabase(name);

  await dropDatabase(TEMPLATE_DATABASE);
  await withAdmin((admin) => admin.raw('create database ??', [TEMPLATE_DATABASE]));
  const template = createDb(withDatabase(TEST_SERVER_URL, TEMPLATE_DATABASE), 1);
  try {
    await migrateLatest(template);
  } finally {
    // Nobody may stay connected to a template while it is being cloned.
    await template.destroy();
  }
}
