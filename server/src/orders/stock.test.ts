import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCategory, buildItem, buildRestaurant, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { errorOf } from '../test/http.js';
import { fillCart, orderFixtures, seat, submitEach, submitOrder } from '../test/orders.js';
import { waitFor } from '../test/wait.js';

const env = useTestEnv();
const { aRestaurant, seatedWithCart, seatedAtTables, stockOf, count } = orderFixtures(env);

/** True once some backend of the test database waits for a row lock; undefined until then. */
async function someoneWaitsForALock(): Promise<true | undefined> {
  const { rows } = await env.db.raw<{ rows: unknown[] }>(
    `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return rows.length > 0 ? true : undefined;
}

describe('stock, with an optimistic lock', () => {
  it('never oversells: 50 tables order the last 10 at once; 10 get it, 40 hear SOLD_OUT naming it', async () => {
    const { url } = await env.startServer({ DATABASE_POOL_MAX: '20' });
    const shop = await aRestaurant();
    const special = await shop.item({ name: 'Special', stock: 10 });
    const diners = await seatedAtTables(url, shop, 50, [{ item: special, quantity: 1 }]);
    const responses = await submitEach(url, diners);
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(40);
    for (const response of responses.filter((candidate) => candidate.status === 409)) {
      expect(await errorOf(response)).toMatchObject({
        code: 'SOLD_OUT',
        details: { itemId: special.id, name: 'Special', left: 0 },
      });
    }
    expect(await stockOf(special)).toEqual({ stock: 0, version: special.version + 10 });
    expect(await count('orders', shop.restaurant)).toBe(10);
  });

  it('never answers SOLD_OUT while stock remains: 32 orders of 1 against 1,000 all succeed', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const wine = await shop.item({ name: 'Wine', stock: 1000 });
    const diners = await seatedAtTables(url, shop, 32, [{ item: wine, quantity: 1 }]);
    const responses = await submitEach(url, diners);
    expect(responses.map((response) => response.status)).toEqual(Array(32).fill(201));
    expect(await stockOf(wine)).toEqual({ stock: 968, version: wine.version + 32 });
  });

  it('takes all lines or none: one sold-out line leaves every other stock as it was', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const a = await shop.item({ name: 'A', stock: 5 });
    const b = await shop.item({ name: 'B', stock: 2 });
    const table = await shop.table();
    const { diner, cartVersion } = await seatedWithCart(url, table.qr_token, [
      { item: a, quantity: 1 },
      { item: b, quantity: 5 },
    ]);
    const error = await errorOf(await submitOrder(url, diner, { cartVersion }));
    expect(error).toMatchObject({ code: 'SOLD_OUT', details: { itemId: b.id, name: 'B', left: 2 } });
    expect(error.message).toBe('Sorry, only 2 × B left. Lower the quantity to order.');
    expect(await stockOf(a)).toEqual({ stock: 5, version: a.version });
    expect(await stockOf(b)).toEqual({ stock: 2, version: b.version });
    expect(await count('orders', shop.restaurant)).toBe(0);
  });

  it('moves the menu version exactly when diners would see the stock change: low, then sold out', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant({ low_stock_threshold: 3 });
    const cake = await shop.item({ name: 'Cake', stock: 6 });
    const table = await shop.table();
    const menuVersion = async () =>
      (
        (await env.db('restaurants').where({ id: shop.restaurant.id }).first('menu_version')) as {
          menu_version: number;
        }
      ).menu_version;
    const etag = async () => (await fetch(`${url}/api/v1/tables/${table.qr_token}/menu`)).headers.get('etag');
    const order = async (quantity: number) => {
      const { diner, cartVersion } = await seatedWithCart(url, table.qr_token, [{ item: cake, quantity }]);
      expect((await submitOrder(url, diner, { cartVersion })).status).toBe(201);
    };

    const first = { version: await menuVersion(), etag: await etag() };
    await order(2); // 6 → 4: still above the threshold, nothing diners see
    expect(await menuVersion()).toBe(first.version);
    await order(1); // 4 → 3: "only 3 left"
    expect(await menuVersion()).toBe(first.version + 1);
    await order(1); // 3 → 2: "only 2 left"
    expect(await menuVersion()).toBe(first.version + 2);
    await order(2); // 2 → 0: sold out
    expect(await menuVersion()).toBe(first.version + 3);
    expect(await etag()).not.toBe(first.etag);
    expect(await stockOf(cake)).toEqual({ stock: 0, version: cake.version + 4 });
  });
});

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

describe('orders of one moment', () => {
  /** Transactions that inserted the restaurant's orders: one per save statement. */
  async function saveStatements(restaurantId: string): Promise<number> {
    const { rows } = await env.db.raw<{ rows: { n: number }[] }>(
      'select count(distinct xmin::text) as n from orders where restaurant_id = ?',
      [restaurantId],
    );
    return rows[0]!.n;
  }

  it('share save statements, each order complete, the version moving once per order', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const special = await shop.item({ name: 'Special', stock: 100 });
    const diners = await seatedAtTables(url, shop, 24, [{ item: special, quantity: 2 }]);
    const responses = await submitEach(url, diners);
    expect(responses.map((response) => response.status)).toEqual(Array(24).fill(201));
    expect(await stockOf(special)).toEqual({ stock: 52, version: special.version + 24 });
    expect(await saveStatements(shop.restaurant.id)).toBeLessThan(24);
    expect(await count('order_items', shop.restaurant)).toBe(24);
    expect(await count('order_events', shop.restaurant)).toBe(24);
    expect(await count('outbox', shop.restaurant)).toBe(24);
  });

  it('are saved one by one when one of them cannot be: a double tap among them sinks no other order', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const tea = await shop.item({ name: 'Tea', stock: 100 });
    const tapper = await seatedWithCart(url, (await shop.table()).qr_token, [{ item: tea, quantity: 1 }]);
    const others = await seatedAtTables(url, shop, 8, [{ item: tea, quantity: 1 }]);
    const key = randomUUID();
    const [taps, rest] = await Promise.all([
      Promise.all(
        Array.from({ length: 4 }, () => submitOrder(url, tapper.diner, { cartVersion: tapper.cartVersion }, { key })),
      ),
      submitEach(url, others),
    ]);
    expect(rest.map((response) => response.status)).toEqual(Array(8).fill(201));
    expect(taps.map((response) => response.status).sort()).toEqual([200, 200, 200, 201]);
    expect(await count('orders', shop.restaurant)).toBe(9);
    expect(await stockOf(tea)).toEqual({ stock: 91, version: tea.version + 9 });
  });
});
