import type { Order, StaffServerEvents } from '@tableside/shared';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { signedIn, adminClient } from '../test/admin.js';
import { connectDiner, waitFor } from '../test/diners.js';
import { buildCategory, buildItem, buildRestaurant, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { errorOf, json } from '../test/http.js';
import { connectKiosk, pairKiosk } from '../test/kitchen.js';
import { fillCart, seat, submitOrder } from '../test/orders.js';

const env = useTestEnv();

async function aRestaurantWithAnOrder(url: string) {
  const restaurant = await buildRestaurant(env.db, { low_stock_threshold: 2 });
  const category = await buildCategory(env.db, restaurant);
  const cake = await buildItem(env.db, category, { name: 'Cake', stock: 10 });
  const tea = await buildItem(env.db, category, { name: 'Tea' });
  const table = await buildTable(env.db, restaurant);
  const diner = await seat(url, table.qr_token, 'Ana');
  const cartVersion = await fillCart(env.redis, env.keys, diner, [
    { item: cake, quantity: 3 },
    { item: tea, quantity: 2 },
  ]);
  const order = (await json<{ order: Order }>(await submitOrder(url, diner, { cartVersion }))).order;
  return { restaurant, cake, tea, table, diner, order };
}

describe('orders for the floor', () => {
  it('lists with filters and a cursor, shows the history, moves an order along', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurantWithAnOrder(url);
    const cartVersion = await fillCart(env.redis, env.keys, shop.diner, [{ item: shop.tea, quantity: 1 }]);
    const second = (await json<{ order: Order }>(await submitOrder(url, shop.diner, { cartVersion }))).order;
    const { client } = await signedIn(url, env.db, shop.restaurant.id, 'staff');

    const page1 = await json<{ orders: Order[]; nextCursor: string }>(await client.request('GET', '/orders?limit=1'));
    expect(page1.orders.map((o) => o.id)).toEqual([second.id]);
    const page2 = await json<{ orders: Order[]; nextCursor: string | null }>(
      await client.request('GET', `/orders?limit=1&cursor=${page1.nextCursor}`),
    );
    expect(page2.orders.map((o) => o.id)).toEqual([shop.order.id]);
    expect(page2.nextCursor).toBeNull();
    const placedAtTable = await json<{ orders: Order[] }>(
      await client.request('GET', `/orders?status=placed&tableId=${shop.table.id}`),
    );
    expect(placedAtTable.orders).toHaveLength(2);
    expect((await errorOf(await client.request('GET', '/orders?status=eaten'))).code).toBe('VALIDATION_FAILED');
    expect((await errorOf(await client.request('GET', '/orders?cursor=garbage'))).code).toBe('VALIDATION_FAILED');

    const moved = await client.request('POST', `/orders/${shop.order.id}/status`, {
      to: 'accepted',
      expectedVersion: 1,
    });
    expect((await json<{ order: Order }>(moved)).order.status).toBe('accepted');
    const stale = await client.request('POST', `/orders/${shop.order.id}/status`, { to: 'ready', expectedVersion: 1 });
    expect((await errorOf(stale)).code).toBe('VERSION_CONFLICT');
    const detail = await json<{ events: { to: string; actorType: string }[] }>(
      await client.request('GET', `/orders/${shop.order.id}`),
    );
    expect(detail.events.map((event) => [event.to, event.actorType])).toEqual([
      ['placed', 'diner'],
      ['accepted', 'staff'],
    ]);
  });

  it('restocks exactly what a cancelled order took, and refuses a second cancel with 409', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurantWithAnOrder(url);
    const { client } = await signedIn(url, env.db, shop.restaurant.id, 'staff');
    expect((await env.db('menu_items').where({ id: shop.cake.id }).first()).stock).toBe(7);
    const response = await client.request('POST', `/orders/${shop.order.id}/cancel`, { reason: 'Guest left' });
    expect(response.status).toBe(200);
    const body = await json<{ order: Order; restocked: { itemId: string; quantity: number }[] }>(response);
    expect(body.order.status).toBe('cancelled');
    expect(body.restocked).toEqual([{ itemId: shop.cake.id, quantity: 3 }]);
    expect((await env.db('menu_items').where({ id: shop.cake.id }).first()).stock).toBe(10);

    const again = await client.request('POST', `/orders/${shop.order.id}/cancel`, { reason: 'Twice' });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('INVALID_TRANSITION');
    expect((await env.db('menu_items').where({ id: shop.cake.id }).first()).stock).toBe(10);
    const row = await env.db('orders').where({ id: shop.order.id }).first();
    expect(row.cancel_reason).toBe('Guest left');
  });

  it('streams the restaurant’s orders to signed-in staff over /staff', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const category = await buildCategory(env.db, restaurant);
    const soup = await buildItem(env.db, category);
    const { client } = await signedIn(url, env.db, restaurant.id, 'staff');
    const socket = io(`${url}/staff`, {
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookie },
      forceNew: true,
    });
    const placed: Parameters<StaffServerEvents['order:placed']>[0][] = [];
    socket.on('order:placed', (event) => placed.push(event));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const diner = await seat(url, (await buildTable(env.db, restaurant)).qr_token);
    const cartVersion = await fillCart(env.redis, env.keys, diner, [{ item: soup, quantity: 1 }]);
    const order = (await json<{ order: Order }>(await submitOrder(url, diner, { cartVersion }))).order;
    expect((await waitFor(() => placed[0], 5_000, 'order:placed')).order.id).toBe(order.id);
    socket.close();

    const anonymous = io(`${url}/staff`, { transports: ['websocket'], forceNew: true, reconnection: false });
    const refused = await new Promise<{ data?: { code: string } }>((resolve) =>
      anonymous.once('connect_error', resolve),
    );
    expect(refused.data?.code).toBe('UNAUTHENTICATED');
    anonymous.close();
  });
});

describe('open tables', () => {
  it('lists seated diners with cart and order totals, and closes a sitting for every phone', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurantWithAnOrder(url);
    const cancelledVersion = await fillCart(env.redis, env.keys, shop.diner, [{ item: shop.tea, quantity: 1 }]);
    const cancelled = (
      await json<{ order: Order }>(await submitOrder(url, shop.diner, { cartVersion: cancelledVersion }))
    ).order;
    await fillCart(env.redis, env.keys, shop.diner, [{ item: shop.tea, quantity: 4 }]);
    const phone = await connectDiner(url, shop.diner.joined.dinerToken);
    const { client } = await signedIn(url, env.db, shop.restaurant.id, 'manager');
    expect((await client.request('POST', `/orders/${cancelled.id}/cancel`, { reason: 'Sent by mistake' })).status).toBe(
      200,
    );
    const { sessions } = await json<{ sessions: { id: string; diners: unknown[]; cart: unknown; orders: unknown }[] }>(
      await client.request('GET', '/sessions'),
    );
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      diners: [{ displayName: 'Ana' }],
      cart: { items: 4, totalCents: 4000 },
      orders: { count: 1, totalCents: shop.order.totalCents },
    });
    expect((await client.request('POST', `/sessions/${sessions[0]!.id}/close`)).status).toBe(204);
    expect(await waitFor(() => phone.closed[0], 5_000, 'table:closed')).toEqual({ reason: 'staff' });
    expect((await client.request('POST', `/sessions/${sessions[0]!.id}/close`)).status).toBe(409);
    const reuse = await fetch(`${url}/api/v1/tables/${shop.table.qr_token}/session`, {
      headers: { authorization: `Bearer ${shop.diner.joined.dinerToken}` },
    });
    expect((await errorOf(reuse)).code).toBe('SESSION_CLOSED');
  });
});

describe('location rules', () => {
  it('reads and writes the policy, validating every network', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const { client } = await signedIn(url, env.db, restaurant.id, 'manager');
    const rules = {
      policy: 'ip_or_gps',
      latitude: 52.5,
      longitude: 13.4,
      radiusM: 80,
      allowedCidrs: ['10.1.0.0/16', '2001:db8::/32'],
    };
    expect(await json(await client.request('PUT', '/location', rules))).toEqual(rules);
    expect(await json(await client.request('GET', '/location'))).toEqual(rules);
    for (const [bad, field] of [
      [{ ...rules, allowedCidrs: ['10.1.0.0/33'] }, 'allowedCidrs.0'],
      [{ ...rules, allowedCidrs: ['banana'] }, 'allowedCidrs.0'],
      [{ ...rules, policy: 'gps', latitude: null }, 'latitude'],
      [{ ...rules, policy: 'ip', allowedCidrs: [] }, 'allowedCidrs'],
      [{ ...rules, radiusM: 0 }, 'radiusM'],
    ] as const) {
      const error = await errorOf(await client.request('PUT', '/location', bad));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message.startsWith(`${field}:`)).toBe(true);
    }
    expect(await json(await client.request('GET', '/location'))).toEqual(rules);
  });
});

describe('kitchen devices', () => {
  it('issues pairing codes a kiosk can use, lists devices, and cuts off a revoked one within a second', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const { client } = await signedIn(url, env.db, restaurant.id, 'manager');
    const { code } = await json<{ code: string }>(await client.request('POST', '/devices/pairing-codes'));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const paired = await json<{ deviceId: string; token: string }>(
      await fetch(`${url}/api/v1/kitchen/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, deviceName: 'Line' }),
      }),
    );
    const kiosk = await connectKiosk(url, paired.token);
    await kiosk.send('kitchen:sync', {});
    const { devices } = await json<{ devices: { id: string; online: boolean; pendingAcks: number }[] }>(
      await client.request('GET', '/devices'),
    );
    expect(devices).toEqual([
      expect.objectContaining({ id: paired.deviceId, name: 'Line', online: true, pendingAcks: 0 }),
    ]);

    const started = Date.now();
    expect((await client.request('DELETE', `/devices/${paired.deviceId}`)).status).toBe(204);
    await waitFor(() => (kiosk.socket.connected ? undefined : true), 1_000, 'the kiosk to be disconnected');
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(connectKiosk(url, paired.token)).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
  });
});

describe('staff accounts', () => {
  it('lets an owner invite, re-role and remove staff, who are signed out at once', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const { client: owner, user: me } = await signedIn(url, env.db, restaurant.id, 'owner');
    const invited = await owner.request('POST', '/staff', {
      email: 'New.Cook@Example.test',
      displayName: 'New Cook',
      role: 'staff',
      password: 'a long enough password',
    });
    expect(invited.status).toBe(201);
    const { user } = await json<{ user: { id: string; email: string } }>(invited);
    expect(user.email).toBe('new.cook@example.test');
    const duplicate = await owner.request('POST', '/staff', {
      email: 'NEW.COOK@example.test',
      displayName: 'Again',
      role: 'staff',
      password: 'a long enough password',
    });
    expect((await errorOf(duplicate)).message).toMatch(/^email:/);

    const cook = adminClient(url);
    const login = await cook.request('POST', '/login', {
      email: 'new.cook@example.test',
      password: 'a long enough password',
    });
    cook.cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await cook.request('GET', '/location')).status).toBe(403);
    expect((await owner.request('PATCH', `/staff/${user.id}`, { role: 'manager' })).status).toBe(200);
    expect((await owner.request('PATCH', `/staff/${me.id}`, { role: 'staff' })).status).toBe(403);
    expect((await owner.request('DELETE', `/staff/${user.id}`)).status).toBe(204);
    expect((await cook.request('GET', '/me')).status).toBe(401);
  });
});

describe('tenant isolation', () => {
  it('gives the owner of A a 404 for every order, session, device and staff id of B, changing nothing', async () => {
    const { url } = await env.startServer();
    const a = await buildRestaurant(env.db);
    const b = await aRestaurantWithAnOrder(url);
    const kioskOfB = await pairKiosk(url, env.db, b.restaurant.id);
    const { user: ownerOfB } = await signedIn(url, env.db, b.restaurant.id, 'owner');
    const { client } = await signedIn(url, env.db, a.id, 'owner');
    const sessionOfB = b.diner.joined.session.id;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/orders/${b.order.id}`],
      ['POST', `/orders/${b.order.id}/status`, { to: 'accepted', expectedVersion: 1 }],
      ['POST', `/orders/${b.order.id}/recall`, { expectedVersion: 1 }],
      ['POST', `/orders/${b.order.id}/cancel`, { reason: 'mine now' }],
      ['POST', `/sessions/${sessionOfB}/close`],
      ['DELETE', `/devices/${kioskOfB.deviceId}`],
      ['PATCH', `/staff/${ownerOfB.id}`, { role: 'staff' }],
      ['DELETE', `/staff/${ownerOfB.id}`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await client.request(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const listed = await json<{ orders: Order[] }>(await client.request('GET', '/orders'));
    expect(listed.orders).toEqual([]);
    expect((await env.db('orders').where({ id: b.order.id }).first()).status).toBe('placed');
    expect((await env.db('table_sessions').where({ id: sessionOfB }).first()).closed_at).toBeNull();
    expect((await env.db('kitchen_devices').where({ id: kioskOfB.deviceId }).first()).revoked_at).toBeNull();
    expect((await env.db('staff_users').where({ id: ownerOfB.id }).first()).role).toBe('owner');
  });
});
