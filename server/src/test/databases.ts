import { randomBytes } from 'node:crypto';
import { createDb, withDatabase, type Knex } from '../platform/db.js';

/** The Postgres server tests use; its database part is ignored. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DATABASE_PREFIX = 'tableside_t_';
/** Set by the global setup to this run's template database, for the test workers it starts. */
export const TEMPLATE_ENV = 'TABLESIDE_TEST_TEMPLATE';

export async function withAdmin<T>(work: (admin: Knex) => Promise<T>): Promise<T> {
  const admin = createDb(withDatabase(TEST_SERVER_URL, 'postgres'), 1);
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}

/** A new database for one test file, cloned from this run's migrated template (or another). */
export async function createTestDatabase(options: { template?: string } = {}): Promise<string> {
  const name = `${TEST_DATABASE_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(5).toString('hex')}`;
  const template = options.template ?? process.env[TEMPLATE_ENV];
  if (!template) throw new Error(`${TEMPLATE_ENV} is not set: run tests through vitest, whose global setup builds it`);
  await withAdmin((admin) => admin.raw('create database ?? template ??', [name, template]));
  return withDatabase(TEST_SERVER_URL, name);
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.raw('drop database if exists ?? with (force)', [name]));
}
