import { describe, expect, it } from 'vitest';
import { buildCategory, buildItem, buildRestaurant, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { fillCart, seat, submitOrder } from '../test/orders.js';
import { waitFor } from '../test/wait.js';

const env = useTestEnv();

/** True once some backend of the test database waits for a row lock; undefined until then. */
async function someoneWaitsForALock(): Promise<true | undefined> {
  const { rows } = await env.db.raw<{ rows: unknown[] }>(
    `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return rows.length > 0 ? true : undefined;
}

describe('an optimistic-lock conflict', () => {
  it('is tried again, never answered SOLD_OUT, when another writer changed the row first', async () => {
    const server = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const category = await buildCategory(env.db, restaurant);
    const bread = await buildItem(env.db, category, { name: 'Bread', stock: 5 });
    const soup = await buildItem(env.db, category, { name: 'Soup', stock: 5 });
    const diner = await seat(server.url, (await buildTable(env.db, restaurant)).qr_token);
    const cartVersion = await fillCart(env.redis, env.keys, diner, [
      { item: bread, quantity: 1 },
      { item: soup, quantity: 2 },
    ]);
    const retriesBefore = (await server.server.deps.metrics.stockRetries.get()).values[0]?.value ?? 0;

    // An owner's edit holds the soup's row: the order's first try waits for
    // it, then finds a newer version than it read, and must read again.
    const edit = await env.db.transaction();
    await edit('menu_items').where({ id: soup.id }).increment('version', 1);
    const submitted = submitOrder(server.url, diner, { cartVersion });
    await waitFor(someoneWaitsForALock, 5_000, 'the order to wait for the edited row');
    await edit.commit();

    const response = await submitted;
    expect(response.status).toBe(201);
    const rows = await env
      .db('menu_items')
      .whereIn('id', [bread.id, soup.id])
      .orderBy('name')
      .select('name', 'stock', 'version');
    expect(rows).toEqual([
      { name: 'Bread', stock: 4, version: bread.version + 1 },
      { name: 'Soup', stock: 3, version: soup.version + 2 },
    ]);
    expect((await server.server.deps.metrics.stockRetries.get()).values[0]?.value).toBe(retriesBefore + 1);
  });
});
