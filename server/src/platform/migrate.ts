import { migratorConfig } from '@tableside/migrations';
import { createDb, databaseName, withDatabase, type Knex } from './db.js';

/** Creates the database named in the URL if it does not exist yet (connecting to `postgres`). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  const admin = createDb(withDatabase(databaseUrl, 'postgres'), 1);
  try {
    const found = await admin('pg_database').where({ datname: name }).first('datname');
    if (found) return false;
    await admin.raw('create database ??', [name]);
    return true;
  } finally {
    await admin.destroy();
  }
}

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migratorConfig)) as [number, string[]];
  return applied;
}

export async function rollbackAll(db: Knex): Promise<string[]> {
  const [, undone] = (await db.migrate.rollback(migratorConfig, true)) as [number, string[]];
  return undone;
}
