import { describe, expect, it } from 'vitest';
import { createDb, databaseName, type Knex } from './db.js';
import { migrateLatest, rollbackAll } from './migrate.js';
import { createTestDatabase, dropDatabase } from '../test/databases.js';
import { buildCategory, buildItem, buildOrder, buildRestaurant, buildSession, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';

const env = useTestEnv();

/** SQLSTATE of the error a statement fails with. */
async function sqlState(statement: Promise<unknown>): Promise<string | undefined> {
  try {
    await statement;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}
const CHECK_VIOLATION = '23514';
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

describe('migrations', () => {
  it('migrate, roll everything back, and migrate again on an empty database', async () => {
    const url = await createTestDatabase({ template: 'template0' });
    const db = createDb(url, 1);
    const tables = () =>
      db('pg_tables').where({ schemaname: 'public' }).whereNot('tablename', 'like', 'knex_%').pluck('tablename');
    try {
      expect(await migrateLatest(db)).toHaveLength(8);
      expect((await tables()).sort()).toEqual(
        [
          'diners',
          'kitchen_devices',
          'kitchen_pairing_codes',
          'menu_categories',
          'menu_items',
          'modifier_groups',
          'modifier_options',
          'order_acks',
          'order_events',
          'order_items',
          'orders',
          'outbox',
          'restaurants',
          'staff_users',
          'table_sessions',
          'tables',
          'ticket_counters',
        ].sort(),
      );
      expect(await rollbackAll(db)).toHaveLength(8);
      expect(await tables()).toEqual([]);
      expect(await migrateLatest(db)).toHaveLength(8);
      expect(await migrateLatest(db)).toEqual([]);
    } finally {
      await db.destroy();
      await dropDatabase(databaseName(url));
    }
  });
});

describe('the database keeps its invariants', () => {
  async function menuItem(db: Knex, stock: number) {
    const restaurant = await buildRestaurant(db);
    return buildItem(db, await buildCategory(db, restaurant), { stock });
  }

  it('refuses negative stock, also through a decrement', async () => {
    const item = await menuItem(env.db, 2);
    expect(await sqlState(env.db('menu_items').where({ id: item.id }).update({ stock: -1 }))).toBe(CHECK_VIOLATION);
    expect(
      await sqlState(
        env
          .db('menu_items')
          .where({ id: item.id })
          .update({ stock: env.db.raw('stock - 3') }),
      ),
    ).toBe(CHECK_VIOLATION);
    expect((await env.db('menu_items').where({ id: item.id }).first()).stock).toBe(2);
  });

  it('refuses money that is not an integer number of cents', async () => {
    const item = await menuItem(env.db, 1);
    expect(await sqlState(env.db('menu_items').where({ id: item.id }).update({ price_cents: 9.5 }))).toBe('22P02');
  });

  it('refuses a duplicate idempotency key within one session, and allows it in another', async () => {
    const restaurant = await buildRestaurant(env.db);
    const table = await buildTable(env.db, restaurant);
    const session = await buildSession(env.db, table);
    const first = await buildOrder(env.db, session, { number: 1 });
    expect(await sqlState(buildOrder(env.db, session, { number: 2, idempotency_key: first.idempotency_key }))).toBe(
      UNIQUE_VIOLATION,
    );

    await env
      .db('table_sessions')
      .where({ id: session.id })
      .update({ closed_at: env.db.fn.now(), closed_reason: 'staff' });
    const next = await buildSession(env.db, table);
    await expect(buildOrder(env.db, next, { number: 2, idempotency_key: first.idempotency_key })).resolves.toBeTruthy();
  });

  it('refuses a second open session for one table, and allows a new one once the first is closed', async () => {
    const restaurant = await buildRestaurant(env.db);
    const table = await buildTable(env.db, restaurant);
    const open = await buildSession(env.db, table);
    expect(await sqlState(buildSession(env.db, table))).toBe(UNIQUE_VIOLATION);

    await env.db('table_sessions').where({ id: open.id }).update({ closed_at: env.db.fn.now(), closed_reason: 'idle' });
    await expect(buildSession(env.db, table)).resolves.toBeTruthy();
  });

  it('refuses a second ticket with the same number on the same day in one restaurant', async () => {
    const restaurant = await buildRestaurant(env.db);
    const session = await buildSession(env.db, await buildTable(env.db, restaurant));
    await buildOrder(env.db, session, { number: 7 });
    expect(await sqlState(buildOrder(env.db, session, { number: 7 }))).toBe(UNIQUE_VIOLATION);
    await expect(buildOrder(env.db, session, { number: 7, business_date: '2026-11-26' })).resolves.toBeTruthy();
  });

  it("refuses a row that points at another restaurant's parent", async () => {
    const a = await buildRestaurant(env.db);
    const b = await buildRestaurant(env.db);
    const categoryOfA = await buildCategory(env.db, a);
    expect(await sqlState(buildItem(env.db, { ...categoryOfA, restaurant_id: b.id }))).toBe(FOREIGN_KEY_VIOLATION);
  });

  it('refuses a gps location policy without coordinates', async () => {
    expect(await sqlState(buildRestaurant(env.db, { location_policy: 'gps', latitude: null, longitude: null }))).toBe(
      CHECK_VIOLATION,
    );
  });
});
