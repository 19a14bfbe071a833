import { randomUUID } from 'node:crypto';
import { createServer as createNetServer } from 'node:net';
import { placeOrderResponseSchema, type Order } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { createCartStore } from '../cart/index.js';
import { relayOnce } from '../outbox/index.js';
import { createRedis, closeRedis } from '../platform/redis.js';
import { buildGroup, buildOption } from '../test/factories.js';
import { createTestClock } from '../test/clock.js';
import { useTestEnv } from '../test/harness.js';
import { waitFor } from '../test/wait.js';
import { errorOf, json } from '../test/http.js';
import { fillCart, orderFixtures, seat, submitEach, submitOrder, type SeatedDiner } from '../test/orders.js';

const env = useTestEnv();

const { aRestaurant, seatedWithCart, seatedAtTables, stockOf, count, holdOrdersAtOutbox } = orderFixtures(env);

async function books(restaurant: { id: string }) {
  return {
    orders: await count('orders', restaurant),
    items: await count('order_items', restaurant),
    outbox: await count('outbox', restaurant),
  };
}

describe('placing an order', () => {
  it('turns the cart into an order priced from the database, clears the cart, and streams the event', async () => {
    const { url, server } = await env.startServer();
    const shop = await aRestaurant();
    const burger = await shop.item({ name: 'Burger', price_cents: 1450 });
    const fries = await shop.item({ name: 'Fries', price_cents: 450, stock: 10 });
    const table = await shop.table();
    const { diner, cartVersion } = await seatedWithCart(url, table.qr_token, [
      { item: burger, quantity: 2, note: 'no onions' },
      { item: fries, quantity: 3 },
    ]);

    const response = await submitOrder(url, diner, { cartVersion, note: 'birthday!' });
    expect(response.status).toBe(201);
    const { order } = placeOrderResponseSchema.parse(await response.json());
    expect(order).toMatchObject({
      number: 1,
      status: 'placed',
      version: 1,
      table: { id: table.id, label: table.label },
      totalCents: 2 * 1450 + 3 * 450,
      currency: 'EUR',
      note: 'birthday!',
    });
    expect(order.lines.map((line) => [line.name, line.quantity, line.unitPriceCents, line.note])).toEqual([
      ['Burger', 2, 1450, 'no onions'],
      ['Fries', 3, 450, null],
    ]);
    expect((await stockOf(fries)).stock).toBe(7);

    const row = await env.db('orders').where({ id: order.id }).first();
    expect(row.location_verdict).toBe('not_required');
    expect(row.client_ip).toBe('127.0.0.1');
    expect(await env.db('order_events').where({ order_id: order.id }).pluck('to_status')).toEqual(['placed']);
    await server.deps.published.flush(); // marks wait a moment for company
    const outbox = await env.db('outbox').where({ restaurant_id: shop.restaurant.id });
    expect(outbox).toHaveLength(1);
    expect(outbox[0].published_at).not.toBeNull();
    // The row the relay would publish carries the order with its number.
    expect(outbox[0].payload).toMatchObject({ order: { id: order.id, number: 1, totalCents: order.totalCents } });

    const entries = await env.redis.xrange(env.keys.ordersStream, '-', '+');
    const event = entries.map(([, fields]) => JSON.parse(fields[1]!)).find((e) => e.id === outbox[0].id);
    expect(event).toMatchObject({ type: 'order.placed', payload: { order: { id: order.id, number: 1 } } });

    const cart = await env.redis.hget(env.keys.cart(diner.joined.session.id), 'state');
    expect(JSON.parse(cart!)).toEqual({ version: cartVersion + 1, lines: [] });
    const next = await seatedWithCart(url, table.qr_token, [{ item: burger, quantity: 1 }]);
    const second = await json<{ order: Order }>(await submitOrder(url, next.diner, { cartVersion: next.cartVersion }));
    expect(second.order.number).toBe(2);
  });

  it('keeps what a diner adds while the order is being saved, for the next order', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const soup = await shop.item({ name: 'Soup', price_cents: 600 });
    const cake = await shop.item({ name: 'Cake', price_cents: 500 });
    const { diner, cartVersion } = await seatedWithCart(url, (await shop.table()).qr_token, [
      { item: soup, quantity: 1 },
    ]);
    const hold = await holdOrdersAtOutbox();
    try {
      const placing = submitOrder(url, diner, { cartVersion });
      await hold.held();
      const added = await fillCart(env.redis, env.keys, diner, [{ item: cake, quantity: 2 }]);
      await hold.release();
      const { order } = await json<{ order: Order }>(await placing);
      expect(order.lines.map((line) => line.name)).toEqual(['Soup']);

      const carts = createCartStore(env.redis, env.keys, { ttlSeconds: 3600 });
      const after = await carts.read(diner.joined.session.id);
      expect(after.version).toBe(added + 1);
      expect(after.lines.map((line) => [line.name, line.quantity])).toEqual([['Cake', 2]]);
    } finally {
      await hold.remove();
    }
  });

  it('numbers the day 1, 2, 3 … without a gap or a twice, while 12 tables race for the last 5 soups', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const soup = await shop.item({ name: 'Soup', stock: 5 });
    const diners = await seatedAtTables(url, shop, 12, [{ item: soup, quantity: 1 }]);
    const responses = await submitEach(url, diners);
    const placed = responses.filter((response) => response.status === 201);
    expect(placed).toHaveLength(5);
    const numbers = await Promise.all(
      placed.map(async (response) => placeOrderResponseSchema.parse(await response.json()).order.number),
    );
    // Only saved orders take a number: the ones that lost the race leave no gap.
    expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(
      await env.db('orders').where({ restaurant_id: shop.restaurant.id }).orderBy('number').pluck('number'),
    ).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('starts the numbers again at 1 on each of the restaurant’s business days, in its time zone', async () => {
    // 23:30 on the 24th in New York, although already the 25th in UTC.
    const clock = createTestClock(new Date('2026-11-25T04:30:00Z'));
    const { url } = await env.startServer({}, { clock });
    const shop = await aRestaurant({ timezone: 'America/New_York' });
    const tea = await shop.item({ name: 'Tea' });
    const numberOfNextOrder = async () => {
      const { diner, cartVersion } = await seatedWithCart(url, (await shop.table()).qr_token, [
        { item: tea, quantity: 1 },
      ]);
      return (await json<{ order: Order }>(await submitOrder(url, diner, { cartVersion }))).order.number;
    };
    expect([await numberOfNextOrder(), await numberOfNextOrder()]).toEqual([1, 2]);
    clock.set(new Date('2026-11-25T05:10:00Z')); // 00:10 on the 25th in New York
    expect([await numberOfNextOrder(), await numberOfNextOrder()]).toEqual([1, 2]);
  });

  it('charges the price in the database, not the one the cart was built with, and says so', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const soup = await shop.item({ name: 'Soup', price_cents: 800 });
    const table = await shop.table();
    const { diner, cartVersion } = await seatedWithCart(url, table.qr_token, [
      { item: soup, quantity: 2, unitPriceCents: 1 },
    ]);
    const { order } = await json<{ order: Order }>(await submitOrder(url, diner, { cartVersion }));
    expect(order.lines[0]).toMatchObject({ unitPriceCents: 800, cartUnitPriceCents: 1 });
    expect(order.totalCents).toBe(1600);
  });

  it('prices each option from the database too, and refuses one gone unavailable', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const burger = await shop.item({ name: 'Burger', price_cents: 1200 });
    const cooking = await buildGroup(env.db, burger, { name: 'Cooking', min_choices: 1, max_choices: 1 });
    const medium = await buildOption(env.db, cooking, { name: 'Medium' });
    const extras = await buildGroup(env.db, burger, { name: 'Extras', min_choices: 0, max_choices: 2 });
    const bacon = await buildOption(env.db, extras, { name: 'Bacon', price_delta_cents: 250 });
    const table = await shop.table();
    const options = [
      { id: medium.id, name: 'Medium', priceDeltaCents: 0 },
      // What the cart was told when the diner added it; the database says 250.
      { id: bacon.id, name: 'Bacon', priceDeltaCents: 100 },
    ];
    const first = await seatedWithCart(url, table.qr_token, [
      { item: burger, quantity: 2, unitPriceCents: 1300, options },
    ]);
    const { order } = await json<{ order: Order }>(
      await submitOrder(url, first.diner, { cartVersion: first.cartVersion }),
    );
    expect(order.totalCents).toBe(2 * (1200 + 250));
    expect(order.lines[0]).toMatchObject({
      unitPriceCents: 1450,
      options: [
        { id: medium.id, name: 'Medium', priceDeltaCents: 0 },
        { id: bacon.id, name: 'Bacon', priceDeltaCents: 250 },
      ],
    });

    await env.db('modifier_options').where({ id: bacon.id }).update({ available: false });
    const again = await seatedWithCart(url, table.qr_token, [{ item: burger, quantity: 1, options }]);
    const refused = await submitOrder(url, again.diner, { cartVersion: again.cartVersion });
    expect(refused.status).toBe(409);
    expect(await errorOf(refused)).toMatchObject({ code: 'ITEM_UNAVAILABLE' });
  });

  it('refuses a body that carries items or prices, naming the field, and writes nothing', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const soup = await shop.item({ name: 'Soup', price_cents: 800 });
    const table = await shop.table();
    const { diner, cartVersion } = await seatedWithCart(url, table.qr_token, [{ item: soup, quantity: 1 }]);
    const before = await books(shop.restaurant);
    for (const body of [
      { cartVersion, items: [{ itemId: soup.id, quantity: 1 }] },
      { cartVersion, totalCents: 1 },
      { cartVersion, lines: [{ unitPriceCents: 1 }] },
    ]) {
      const response = await submitOrder(url, diner, body);
      expect(response.status).toBe(400);
      expect((await errorOf(response)).code).toBe('VALIDATION_FAILED');
    }
    for (const [body, field] of [
      [{}, 'cartVersion'],
      [{ cartVersion: -1 }, 'cartVersion'],
      [{ cartVersion: 'one' }, 'cartVersion'],
      [{ cartVersion, location: { lat: 91, lng: 0, accuracyM: 5 } }, 'location.lat'],
      [{ cartVersion, location: { lat: 1, lng: 2 } }, 'location.accuracyM'],
      [{ cartVersion, note: 'x'.repeat(501) }, 'note'],
    ] as const) {
      const error = await errorOf(await submitOrder(url, diner, body));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message.startsWith(`${field}:`)).toBe(true);
    }
    expect((await errorOf(await submitOrder(url, diner, { cartVersion }, { key: null }))).code).toBe(
      'IDEMPOTENCY_KEY_REQUIRED',
    );
    expect((await errorOf(await submitOrder(url, diner, { cartVersion }, { key: 'twice' }))).message).toMatch(
      /Idempotency-Key/,
    );
    expect(await books(shop.restaurant)).toEqual(before);
    expect((await stockOf(soup)).version).toBe(soup.version);
  });

  it('refuses an empty cart, a cart version the diner did not see, and an item gone unavailable', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const soup = await shop.item({ name: 'Soup' });
    const stew = await shop.item({ name: 'Stew' });
    const table = await shop.table();
    const empty = await seat(url, table.qr_token);
    expect((await errorOf(await submitOrder(url, empty, { cartVersion: 0 }))).code).toBe('CART_EMPTY');

    const { diner, cartVersion } = await seatedWithCart(url, table.qr_token, [
      { item: soup, quantity: 1 },
      { item: stew, quantity: 1 },
    ]);
    const stale = await errorOf(await submitOrder(url, diner, { cartVersion: cartVersion - 1 }));
    expect(stale).toMatchObject({ code: 'CART_CHANGED', details: { currentVersion: cartVersion } });

    await env.db('menu_items').whereIn('id', [soup.id, stew.id]).update({ available: false });
    const response = await submitOrder(url, diner, { cartVersion });
    expect(response.status).toBe(409);
    const gone = await errorOf(response);
    expect(gone.code).toBe('ITEM_UNAVAILABLE');
    expect(gone.message).toMatch(/Soup, Stew are no longer available/);
    expect(await count('orders', shop.restaurant)).toBe(0);
  });

  it('answers 503, to retry, when its save waits on a lock past the statement timeout; nothing is written', async () => {
    const { url } = await env.startServer({ DATABASE_STATEMENT_TIMEOUT_MS: '300' });
    const shop = await aRestaurant();
    const cake = await shop.item({ name: 'Cake', stock: 10 });
    const { diner, cartVersion } = await seatedWithCart(url, (await shop.table()).qr_token, [
      { item: cake, quantity: 1 },
    ]);
    const key = randomUUID();
    // Another transaction (an owner's, say) holds the item's row while the order is saved.
    await env.db.transaction(async (owner) => {
      await owner('menu_items').where({ id: cake.id }).forUpdate();
      const stuck = await submitOrder(url, diner, { cartVersion }, { key });
      expect(stuck.status).toBe(503);
      expect((await errorOf(stuck)).code).toBe('DEPENDENCY_UNAVAILABLE');
    });
    expect(await count('orders', shop.restaurant)).toBe(0);
    expect(await stockOf(cake)).toMatchObject({ stock: 10 });
    // The phone's retry, with the same key, once the row is free.
    expect((await submitOrder(url, diner, { cartVersion }, { key })).status).toBe(201);
    expect(await stockOf(cake)).toMatchObject({ stock: 9 });
  });

  it('answers 503 SERVER_BUSY at once past the submits a process may work on, and places the retry', async () => {
    const { url } = await env.startServer({ ORDERS_IN_FLIGHT_MAX: '2' });
    const shop = await aRestaurant();
    const cake = await shop.item({ name: 'Cake', stock: 10 });
    const [first, second, third] = await seatedAtTables(url, shop, 3, [{ item: cake, quantity: 1 }]);
    // Another transaction holds the menu: every submit taken in waits in its first query.
    const menuHeld = await env.db.transaction();
    try {
      await menuHeld.raw('lock table menu_items in access exclusive mode');
      const taken = submitEach(url, [first!, second!]);
      await waitFor(
        async () =>
          (
            await env.db.raw(
              `select count(*)::int as n from pg_stat_activity
               where datname = current_database() and wait_event_type = 'Lock'`,
            )
          ).rows[0].n >= 2 || undefined,
        10_000,
        'two submits waiting on the menu',
      );
      const key = randomUUID();
      const busy = await submitOrder(url, third!.diner, { cartVersion: third!.cartVersion }, { key });
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      expect((await errorOf(busy)).code).toBe('SERVER_BUSY');
      await menuHeld.commit();
      expect((await taken).map((response) => response.status)).toEqual([201, 201]);
      expect((await submitOrder(url, third!.diner, { cartVersion: third!.cartVersion }, { key })).status).toBe(201);
    } finally {
      if (!menuHeld.isCompleted()) await menuHeld.rollback();
    }
    expect(await stockOf(cake)).toMatchObject({ stock: 7 });
  });

  it('answers a closed session with 401 SESSION_CLOSED and another table with 404, writing nothing', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const soup = await shop.item({ name: 'Soup' });
    const mine = await shop.table();
    const other = await shop.table();
    const { diner, cartVersion } = await seatedWithCart(url, mine.qr_token, [{ item: soup, quantity: 1 }]);
    const before = await books(shop.restaurant);

    const elsewhere: SeatedDiner = { ...diner, qrToken: other.qr_token };
    expect((await errorOf(await submitOrder(url, elsewhere, { cartVersion }))).code).toBe('TABLE_NOT_FOUND');
    await env
      .db('table_sessions')
      .where({ id: diner.joined.session.id })
      .update({ closed_at: new Date(), closed_reason: 'staff' });
    const closed = await submitOrder(url, diner, { cartVersion });
    expect(closed.status).toBe(401);
    expect((await errorOf(closed)).code).toBe('SESSION_CLOSED');
    expect(await books(shop.restaurant)).toEqual(before);
  });
});

describe('the outbox', () => {
  it('accepts the order while Redis is down, and the relay publishes it once Redis is back', async () => {
    const shop = await aRestaurant();
    const tea = await shop.item({ name: 'Tea' });
    const table = await shop.table();
    // The cart is read first, from the working Redis; the stream producer then finds Redis gone.
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const working = await env.startServer();
    const { diner, cartVersion } = await seatedWithCart(working.url, table.qr_token, [{ item: tea, quantity: 1 }]);

    const { url, server } = await env.startServer({ ROLE: 'client-api' });
    const deadRedis = createRedis(`redis://127.0.0.1:${deadPort}`);
    deadRedis.on('error', () => undefined);
    const realRead = server.deps.redis;
    // Everything of this instance but the cart read goes to the dead Redis.
    const hget = realRead.hget.bind(realRead);
    Object.assign(server.deps.redis, {
      pipeline: () => deadRedis.pipeline(),
      hget,
    });

    const response = await submitOrder(url, diner, { cartVersion });
    expect(response.status).toBe(201);
    const { order } = await json<{ order: Order }>(response);
    const row = await env.db('outbox').whereRaw(`payload->'order'->>'id' = ?`, [order.id]).first();
    expect(row.published_at).toBeNull();
    await closeRedis(deadRedis);

    const inStream = async () =>
      (await env.redis.xrange(env.keys.ordersStream, '-', '+')).filter(
        ([, fields]) => JSON.parse(fields[1]!).id === row.id,
      );
    expect(await inStream()).toHaveLength(0);
    const relayDeps = { db: env.db, redis: env.redis, keys: env.keys };
    expect(await relayOnce(relayDeps, { minAgeMs: 0, batchSize: 100, maxLen: 10_000 })).toBeGreaterThanOrEqual(1);
    expect(await inStream()).toHaveLength(1);
    expect((await env.db('outbox').where({ id: row.id }).first()).published_at).not.toBeNull();
    await relayOnce(relayDeps, { minAgeMs: 0, batchSize: 100, maxLen: 10_000 });
    expect(await inStream()).toHaveLength(1);
  });

  it('lets two relays run at once without publishing a row twice', async () => {
    const shop = await aRestaurant();
    for (let i = 0; i < 40; i++) {
      await env
        .db('outbox')
        .insert({ restaurant_id: shop.restaurant.id, type: 'test.event', payload: JSON.stringify({ i }) });
    }
    const relayDeps = { db: env.db, redis: env.redis, keys: env.keys };
    const options = { minAgeMs: 0, batchSize: 5, maxLen: 10_000 };
    const rounds = await Promise.all(Array.from({ length: 16 }, () => relayOnce(relayDeps, options)));
    expect(rounds.reduce((sum, n) => sum + n, 0)).toBe(40);
    const ids = (await env.redis.xrange(env.keys.ordersStream, '-', '+'))
      .map(([, fields]) => JSON.parse(fields[1]!))
      .filter((event) => event.type === 'test.event')
      .map((event) => event.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });
});
