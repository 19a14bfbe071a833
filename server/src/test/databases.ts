import { randomBytes } from 'node:crypto';
import { createDb, withDatabase, type Knex } from '../platform/db.js';

/** The Postgres server tests use; its database part is ignored. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DATABASE = 'tableside_test_template';
export const TEST_DATABASE_PREFIX = 'tableside_t_';

export async function withAdmin<T>(work: (admin: Knex) => Promise<T>): Promise<T> {
  const admin = createDb(withDatabase(TEST_SERVER_URL, 'postgres'), 1);
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}

/** A new database for one test file, cloned from the migrated template (or empty). */
export async function createTestDatabase(options: { template?: string } = {}): Promise<string> {
  const name = `${TEST_DATABASE_PREFIX}${randomBytes(6).toString('hex')}`;
  const template = options.template ?? TEMPLATE_DATABASE;
  await withAdmin((admin) => admin.raw('create database ?? template ??', [name, template]));
  return withDatabase(TEST_SERVER_URL, name);
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.raw('drop database if exists ?? with (force)', [name]));
}
