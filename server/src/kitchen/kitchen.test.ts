import { orderSchema, type Order } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { appendToStream } from '../outbox/index.js';
import { createKeys } from '../platform/redis.js';
import { connectDiner, waitFor } from '../test/diners.js';
import { buildCategory, buildItem, buildRestaurant, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { errorOf, json } from '../test/http.js';
import { connectKiosk, newPairingCode, pairKiosk } from '../test/kitchen.js';
import { fillCart, seat, submitOrder, type SeatedDiner } from '../test/orders.js';

const env = useTestEnv();

async function aRestaurant() {
  const restaurant = await buildRestaurant(env.db);
  const category = await buildCategory(env.db, restaurant);
  const soup = await buildItem(env.db, category, { name: 'Soup', price_cents: 700 });
  const bread = await buildItem(env.db, category, { name: 'Bread', price_cents: 300 });
  return { restaurant, soup, bread, table: () => buildTable(env.db, restaurant) };
}

/** A key prefix (and so an orders stream and consumer group) of one test's own. */
function ownStream(name: string) {
  const prefix = `${env.prefix}${name}:`;
  return { prefix, keys: createKeys(prefix) };
}

async function order(
  url: string,
  diner: SeatedDiner,
  items: Parameters<typeof fillCart>[3],
  keys = env.keys,
): Promise<Order> {
  const cartVersion = await fillCart(env.redis, keys, diner, items);
  const response = await submitOrder(url, diner, { cartVersion });
  if (response.status !== 201) throw new Error(`order refused: ${await response.text()}`);
  return (await json<{ order: Order }>(response)).order;
}

describe('orders reach the kitchen and the table', () => {
  it('end to end over two instances: placed, acked, bumped, seen by every phone and the kiosk', async () => {
    const one = await env.startServer();
    const two = await env.startServer();
    const shop = await aRestaurant();
    const table = await shop.table();
    const ana = await seat(one.url, table.qr_token, 'Ana');
    const ben = await seat(two.url, table.qr_token, 'Ben');
    const phoneA = await connectDiner(one.url, ana.joined.dinerToken);
    const phoneB = await connectDiner(two.url, ben.joined.dinerToken);
    const device = await pairKiosk(two.url, env.db, shop.restaurant.id);
    const kiosk = await connectKiosk(two.url, device.token);

    const placed = await order(one.url, ana, [
      { item: shop.soup, quantity: 2, note: 'extra hot' },
      { item: shop.bread, quantity: 1 },
    ]);
    const ticket = await waitFor(() => kiosk.orders[0], 5_000, 'kitchen:order');
    expect(orderSchema.parse(ticket.order)).toEqual(placed);
    expect(ticket.order.lines.map((line) => [line.name, line.quantity, line.note])).toEqual([
      ['Soup', 2, 'extra hot'],
      ['Bread', 1, null],
    ]);
    for (const phone of [phoneA, phoneB]) {
      const event = await waitFor(() => phone.placed[0], 5_000, 'order:placed');
      expect(event).toEqual({ eventId: ticket.eventId, order: placed });
    }

    const acked = await kiosk.send('kitchen:ack', { orderId: placed.id });
    expect(acked).toMatchObject({ ok: true, order: { status: 'accepted', version: 2 } });
    for (const phone of [phoneA, phoneB]) {
      expect(await waitFor(() => phone.statuses.find((s) => s.status === 'accepted'), 5_000, 'accepted')).toMatchObject(
        {
          orderId: placed.id,
          number: placed.number,
          version: 2,
        },
      );
    }
    expect(await kiosk.send('kitchen:bump', { orderId: placed.id, to: 'preparing', expectedVersion: 2 })).toMatchObject(
      {
        ok: true,
      },
    );
    expect(await kiosk.send('kitchen:bump', { orderId: placed.id, to: 'ready', expectedVersion: 3 })).toMatchObject({
      ok: true,
      order: { status: 'ready', version: 4 },
    });
    for (const phone of [phoneA, phoneB]) {
      await waitFor(() => phone.statuses.find((s) => s.status === 'ready'), 5_000, 'ready');
    }
    const events = await env.db('order_events').where({ order_id: placed.id }).orderBy('created_at');
    expect(events.map((event) => [event.from_status, event.to_status, event.actor_type])).toEqual([
      [null, 'placed', 'diner'],
      ['placed', 'accepted', 'kitchen'],
      ['accepted', 'preparing', 'kitchen'],
      ['preparing', 'ready', 'kitchen'],
    ]);
    expect(await env.db('order_acks').where({ order_id: placed.id }).pluck('device_id')).toEqual([device.deviceId]);

    // The late joiner, or a phone after a reload, reads the sitting's orders.
    const response = await fetch(`${one.url}/api/v1/tables/${table.qr_token}/orders`, {
      headers: { authorization: `Bearer ${ben.joined.dinerToken}` },
    });
    const { orders } = await json<{ orders: Order[] }>(response);
    expect(orders.map((o) => [o.id, o.status])).toEqual([[placed.id, 'ready']]);
  });

  it('hands an entry a dead consumer read but never acknowledged to a live instance', async () => {
    // A stream of its own: the consumers of the other tests' servers must not take the entry.
    const { prefix, keys } = ownStream('claim');
    // The consumer group exists, as the realtime instances left it.
    await env.redis.xgroup('CREATE', keys.ordersStream, 'realtime', '$', 'MKSTREAM');
    const orders = await env.startServer({ ROLE: 'client-api', REDIS_KEY_PREFIX: prefix });
    const shop = await aRestaurant();
    const diner = await seat(orders.url, (await shop.table()).qr_token);
    const placed = await order(orders.url, diner, [{ item: shop.soup, quantity: 1 }], keys);

    // A consumer reads it and dies before XACK.
    const taken = (await env.redis.xreadgroup(
      'GROUP',
      'realtime',
      'dead-consumer',
      'COUNT',
      10,
      'STREAMS',
      keys.ordersStream,
      '>',
    )) as [string, [string, string[]][]][];
    expect(taken[0]![1].some(([, fields]) => fields[1]!.includes(placed.id))).toBe(true);

    const live = await env.startServer({ ROLE: 'realtime', STREAM_CLAIM_IDLE_MS: '300', REDIS_KEY_PREFIX: prefix });
    const device = await pairKiosk(orders.url, env.db, shop.restaurant.id);
    const kiosk = await connectKiosk(live.url, device.token);
    const claimed = await waitFor(
      () => kiosk.orders.find((event) => event.order.id === placed.id),
      5_000,
      'the claimed order',
    );
    expect(claimed.order.number).toBe(placed.number);
    await waitFor(
      async () => ((await env.redis.xpending(keys.ordersStream, 'realtime')) as [number])[0] === 0 || undefined,
      5_000,
      'nothing pending',
    );
  });

  it('moves an entry delivered too often to the dead-letter stream instead of dropping it', async () => {
    const { prefix, keys } = ownStream('dead-letter');
    await env.redis.xgroup('CREATE', keys.ordersStream, 'realtime', '$', 'MKSTREAM');
    await env.redis.xadd(keys.ordersStream, '*', 'event', '{not json');
    await env.redis.xreadgroup('GROUP', 'realtime', 'dead-consumer', 'COUNT', 10, 'STREAMS', keys.ordersStream, '>');
    await env.startServer({
      ROLE: 'realtime',
      STREAM_CLAIM_IDLE_MS: '100',
      STREAM_MAX_DELIVERIES: '2',
      REDIS_KEY_PREFIX: prefix,
    });
    const dead = await waitFor(
      async () => {
        const entries = await env.redis.xrange(`${keys.ordersStream}:dead`, '-', '+');
        return entries.length > 0 ? entries : undefined;
      },
      8_000,
      'a dead letter',
    );
    expect(dead[0]![1].slice(0, 2)).toEqual(['event', '{not json']);
  });

  it('gives a kiosk that was offline every order it missed when it syncs', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const device = await pairKiosk(url, env.db, shop.restaurant.id);
    const placed: Order[] = [];
    for (let i = 0; i < 3; i++) {
      placed.push(
        await order(url, await seat(url, (await shop.table()).qr_token), [{ item: shop.soup, quantity: i + 1 }]),
      );
    }
    const kiosk = await connectKiosk(url, device.token);
    const synced = (await kiosk.send('kitchen:sync', {})) as unknown as { ok: true; orders: Order[] };
    expect(synced.ok).toBe(true);
    expect(synced.orders).toEqual(placed);
  });

  it('delivers the same event twice with the same event id', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const device = await pairKiosk(url, env.db, shop.restaurant.id);
    const kiosk = await connectKiosk(url, device.token);
    const placed = await order(url, await seat(url, (await shop.table()).qr_token), [{ item: shop.soup, quantity: 1 }]);
    const first = await waitFor(() => kiosk.orders[0], 5_000, 'the first delivery');
    // The relay publishes a row again (say it died before marking it published).
    await appendToStream(
      { redis: env.redis, keys: env.keys },
      [{ id: first.eventId, restaurantId: shop.restaurant.id, type: 'order.placed', payload: { order: placed } }],
      1_000,
    );
    const second = await waitFor(() => kiosk.orders[1], 5_000, 'the second delivery');
    expect(second.eventId).toBe(first.eventId);
    expect(second.order).toEqual(first.order);
  });
});

describe('kitchens and tables stay apart', () => {
  it("never shows a kiosk another restaurant's order, nor lets it change one; diners see only their table", async () => {
    const { url } = await env.startServer();
    const a = await aRestaurant();
    const b = await aRestaurant();
    const kioskA = await connectKiosk(url, (await pairKiosk(url, env.db, a.restaurant.id)).token);
    const kioskB = await connectKiosk(url, (await pairKiosk(url, env.db, b.restaurant.id)).token);
    const atA = await seat(url, (await a.table()).qr_token);
    const otherTableOfA = await seat(url, (await a.table()).qr_token);
    const neighbour = await connectDiner(url, otherTableOfA.joined.dinerToken);
    const orderOfB = await order(url, await seat(url, (await b.table()).qr_token), [{ item: b.soup, quantity: 1 }]);
    const orderOfA = await order(url, atA, [{ item: a.soup, quantity: 1 }]);

    await waitFor(() => kioskA.orders[0], 5_000, 'A gets its order');
    await waitFor(() => kioskB.orders[0], 5_000, 'B gets its order');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(kioskA.orders.map((event) => event.order.id)).toEqual([orderOfA.id]);
    expect(kioskB.orders.map((event) => event.order.id)).toEqual([orderOfB.id]);
    expect(neighbour.placed).toEqual([]);

    const sync = (await kioskA.send('kitchen:sync', {})) as unknown as { orders: Order[] };
    expect(sync.orders.map((o) => o.id)).toEqual([orderOfA.id]);
    expect(await kioskA.send('kitchen:ack', { orderId: orderOfB.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await kioskA.send('kitchen:bump', { orderId: orderOfB.id, to: 'ready', expectedVersion: 1 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect((await env.db('orders').where({ id: orderOfB.id }).first()).status).toBe('placed');
  });
});

describe('status changes', () => {
  it('refuses a stale version with VERSION_CONFLICT and the current order, and a backwards bump, changing nothing', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const kiosk = await connectKiosk(url, (await pairKiosk(url, env.db, shop.restaurant.id)).token);
    const placed = await order(url, await seat(url, (await shop.table()).qr_token), [{ item: shop.soup, quantity: 1 }]);
    await kiosk.send('kitchen:ack', { orderId: placed.id });
    const served = await kiosk.send('kitchen:bump', { orderId: placed.id, to: 'served', expectedVersion: 2 });
    expect(served).toMatchObject({ ok: true, order: { status: 'served', version: 3 } });

    const stale = await kiosk.send('kitchen:bump', { orderId: placed.id, to: 'served', expectedVersion: 2 });
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'VERSION_CONFLICT', details: { current: { id: placed.id, status: 'served', version: 3 } } },
    });
    const backwards = await kiosk.send('kitchen:bump', { orderId: placed.id, to: 'preparing', expectedVersion: 3 });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect(await env.db('orders').where({ id: placed.id }).first('status', 'version')).toEqual({
      status: 'served',
      version: 3,
    });
    expect(
      await env.db('order_events').where({ order_id: placed.id }).count<{ count: number }>('* as count').first(),
    ).toEqual({
      count: 3,
    });

    // A recall takes one step back: kitchens un-bump by mistake.
    expect(await kiosk.send('kitchen:recall', { orderId: placed.id, expectedVersion: 3 })).toMatchObject({
      ok: true,
      order: { status: 'ready', version: 4 },
    });
  });

  it('records a repeated ack once and leaves an accepted order as it is', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const kiosk = await connectKiosk(url, (await pairKiosk(url, env.db, shop.restaurant.id)).token);
    const placed = await order(url, await seat(url, (await shop.table()).qr_token), [{ item: shop.soup, quantity: 1 }]);
    const answers = await Promise.all([1, 2, 3].map(() => kiosk.send('kitchen:ack', { orderId: placed.id })));
    for (const answer of answers) expect(answer).toMatchObject({ ok: true, order: { status: 'accepted', version: 2 } });
    expect(await env.db('order_acks').where({ order_id: placed.id })).toHaveLength(1);
    expect(await env.db('order_events').where({ order_id: placed.id }).pluck('to_status')).toEqual([
      'placed',
      'accepted',
    ]);
  });

  it('lets one of eight bumps from one view win; the others hear VERSION_CONFLICT; one event is written', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const kiosks = await Promise.all(
      [1, 2].map(async () => connectKiosk(url, (await pairKiosk(url, env.db, shop.restaurant.id)).token)),
    );
    const placed = await order(url, await seat(url, (await shop.table()).qr_token), [{ item: shop.soup, quantity: 1 }]);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        kiosks[index % 2]!.send('kitchen:bump', { orderId: placed.id, to: 'preparing', expectedVersion: 1 }),
      ),
    );
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    for (const answer of answers.filter((candidate) => !candidate.ok)) {
      expect(answer).toMatchObject({
        error: { code: 'VERSION_CONFLICT', details: { current: { status: 'preparing', version: 2 } } },
      });
    }
    expect(await env.db('orders').where({ id: placed.id }).first('status', 'version')).toEqual({
      status: 'preparing',
      version: 2,
    });
    expect(await env.db('order_events').where({ order_id: placed.id }).pluck('to_status')).toEqual([
      'placed',
      'preparing',
    ]);
    expect(
      await env.db('outbox').where({ restaurant_id: shop.restaurant.id, type: 'order.status_changed' }),
    ).toHaveLength(1);
  });

  it('answers malformed kitchen events with VALIDATION_FAILED', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const kiosk = await connectKiosk(url, (await pairKiosk(url, env.db, shop.restaurant.id)).token);
    for (const [event, payload] of [
      ['kitchen:ack', {}],
      ['kitchen:ack', { orderId: 'nope' }],
      ['kitchen:bump', { orderId: '00000000-0000-4000-8000-000000000000', to: 'cancelled', expectedVersion: 1 }],
      ['kitchen:bump', { orderId: '00000000-0000-4000-8000-000000000000', to: 'ready' }],
      ['kitchen:recall', { orderId: '00000000-0000-4000-8000-000000000000', expectedVersion: 0 }],
      ['kitchen:sync', { all: true }],
    ] as const) {
      expect(await kiosk.send(event, payload)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
  });
});

describe('pairing', () => {
  it('trades a code for a token once, storing only its hash', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const code = await newPairingCode(env.db, shop.restaurant.id);
    const pair = (body: unknown) =>
      fetch(`${url}/api/v1/kitchen/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = await pair({ code: code.toLowerCase().replace('-', ''), deviceName: 'Grill' });
    expect(first.status).toBe(201);
    const device = await json<{ deviceId: string; restaurantId: string; token: string }>(first);
    expect(device.restaurantId).toBe(shop.restaurant.id);
    const row = await env.db('kitchen_devices').where({ id: device.deviceId }).first();
    expect(JSON.stringify(row)).not.toContain(device.token);

    const again = await pair({ code, deviceName: 'Grill 2' });
    expect(again.status).toBe(401);
    expect((await errorOf(again)).code).toBe('PAIRING_CODE_INVALID');
    const expired = await newPairingCode(env.db, shop.restaurant.id, -1_000);
    expect((await errorOf(await pair({ code: expired, deviceName: 'Late' }))).code).toBe('PAIRING_CODE_INVALID');
    expect((await errorOf(await pair({ code: 'KTCH', deviceName: 'x' }))).code).toBe('VALIDATION_FAILED');
    expect(await env.db('kitchen_devices').where({ restaurant_id: shop.restaurant.id })).toHaveLength(1);
  });

  it('rate-limits pairing attempts per address', async () => {
    const { url } = await env.startServer({ PAIR_RATE_PER_MINUTE: '3', REDIS_KEY_PREFIX: `${env.prefix}pairing:` });
    const attempt = () =>
      fetch(`${url}/api/v1/kitchen/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'ABCD-EFGH', deviceName: 'Guess' }),
      });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
  });

  it('refuses an unknown or revoked device token at connect', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const device = await pairKiosk(url, env.db, shop.restaurant.id);
    await expect(connectKiosk(url, 'kd_unknown')).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
    await env.db('kitchen_devices').where({ id: device.deviceId }).update({ revoked_at: new Date() });
    await expect(connectKiosk(url, device.token)).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
  });
});
