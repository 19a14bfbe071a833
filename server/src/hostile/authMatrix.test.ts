import { createHash, randomUUID } from 'node:crypto';
import type { WireError } from '@tableside/shared';
import fc from 'fast-check';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { buildAdminApi } from '../admin/index.js';
import { signDinerToken } from '../tables/dinerTokens.js';
import { signedIn, TEST_ORIGIN } from '../test/admin.js';
import { ADMIN_BODY_SCHEMAS, idFor, specKey } from '../test/adminBodies.js';
import { connectDiner } from '../test/diners.js';
import {
  buildCategory,
  buildGroup,
  buildItem,
  buildOption,
  buildOrder,
  buildRestaurant,
  buildTable,
} from '../test/factories.js';
import { useTestEnv, type RunningTestServer } from '../test/harness.js';
import { expectRefusal, shapedLike } from '../test/hostile.js';
import { connectKiosk, pairKiosk } from '../test/kitchen.js';
import { seat } from '../test/orders.js';
import { expectNothingStored } from '../test/snapshot.js';
import { waitFor } from '../test/wait.js';

/**
 * Guarantee 6 (tenant isolation) and who-may-do-what, as a matrix: every kind
 * of credential (diner token, kitchen device token, staff session cookie),
 * and spoiled ones (expired, tampered, revoked, signed out), against every
 * kind's routes and namespaces; and a signed-in owner, a kiosk and a diner of
 * restaurant A against restaurant B's ids. Everything is refused with the
 * right code, nothing changes, and no answer names anything of B's.
 */
const env = useTestEnv();

async function aRestaurant(url: string) {
  const restaurant = await buildRestaurant(env.db);
  const category = await buildCategory(env.db, restaurant);
  const item = await buildItem(env.db, category, { stock: 5 });
  const group = await buildGroup(env.db, item);
  const option = await buildOption(env.db, group);
  const table = await buildTable(env.db, restaurant);
  const diner = await seat(url, table.qr_token);
  const session = await env.db('table_sessions').where({ id: diner.joined.session.id }).first();
  const order = await buildOrder(env.db, session);
  const device = await pairKiosk(url, env.db, restaurant.id);
  const owner = await signedIn(url, env.db, restaurant.id, 'owner');
  const ids = {
    '/menu/categories/': category.id,
    '/menu/items/': item.id,
    '/menu/groups/': group.id,
    '/menu/options/': option.id,
    '/tables/': table.id,
    '/sessions/': session.id,
    '/orders/': order.id,
    '/staff/': owner.user.id,
    '/devices/': device.deviceId,
  };
  const everyId = [restaurant.id, diner.joined.diner.id, ...Object.values(ids)];
  return { restaurant, category, item, table, diner, order, device, owner, ids, everyId };
}

/** What a socket handshake with these credentials gets: connected, or the refusal's data. */
async function handshake(
  url: string,
  namespace: string,
  credentials: { token?: string; cookie?: string },
): Promise<string | WireError> {
  const socket = io(`${url}${namespace}`, {
    auth: credentials.token === undefined ? {} : { token: credentials.token },
    extraHeaders: credentials.cookie === undefined ? {} : { cookie: credentials.cookie },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  try {
    return await new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve((error as { data?: WireError }).data ?? error.message));
    });
  } finally {
    socket.close();
  }
}

async function expectRefused(response: Response, codes: string[], what: string, secrets: string[]): Promise<void> {
  const text = await response.text();
  expectRefusal(response.status, text, what);
  expect(codes, `${what} → ${text}`).toContain((JSON.parse(text) as { error: WireError }).error.code);
  for (const secret of secrets) expect(text, `${what} leaks ${secret}`).not.toContain(secret);
}

describe('the credentials matrix', () => {
  let running: RunningTestServer;

  it('refuses every credential on every other kind’s routes and namespaces, and spoiled ones everywhere', async () => {
    running = await env.startServer();
    const { url } = running;
    const a = await aRestaurant(url);
    const config = running.server.config;
    const now = new Date();
    const claims = {
      restaurantId: a.restaurant.id,
      tableId: a.table.id,
      sessionId: a.diner.joined.session.id,
      dinerId: a.diner.joined.diner.id,
    };
    const [version, payload, signature] = a.diner.joined.dinerToken.split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({
        r: randomUUID(),
        t: claims.tableId,
        s: claims.sessionId,
        d: claims.dinerId,
        iat: Math.floor(Date.now() / 1000),
      }),
    ).toString('base64url');

    // Spoiled credentials of each kind.
    const expiredDiner = signDinerToken(config.TOKEN_SECRET, claims, new Date(now.getTime() - 49 * 3600_000));
    const tamperedDiner = `${version}.${forged}.${signature}`;
    const otherSecretDiner = signDinerToken('another-secret-another-secret-0123456789', claims, now);
    const revokedDevice = await pairKiosk(url, env.db, a.restaurant.id);
    expect((await a.owner.client.request('DELETE', `/devices/${revokedDevice.deviceId}`)).status).toBe(204);
    const signedOut = await signedIn(url, env.db, a.restaurant.id, 'owner');
    expect((await signedOut.client.request('POST', '/logout')).status).toBe(204);
    const expiredStaff = await signedIn(url, env.db, a.restaurant.id, 'owner');
    const expiredToken = expiredStaff.client.cookie.split('=')[1]!;
    await env.redis.del(env.keys.staffSession(createHash('sha256').update(expiredToken).digest('hex')));

    const dinerToken = a.diner.joined.dinerToken;
    const deviceToken = a.device.token;
    const staffCookie = a.owner.client.cookie;
    const cookieToken = staffCookie.split('=')[1]!;
    const secrets = [dinerToken, deviceToken, cookieToken, payload];

    // Every credential, presented every way a client could present it.
    const credentials: { name: string; token?: string; cookie?: string; valid?: 'diner' | 'device' | 'staff' }[] = [
      { name: 'diner token', token: dinerToken, valid: 'diner' },
      { name: 'device token', token: deviceToken, valid: 'device' },
      { name: 'staff cookie', cookie: staffCookie, valid: 'staff' },
      { name: 'staff cookie value as a token', token: cookieToken },
      { name: 'diner token as a cookie', cookie: `tableside_staff=${dinerToken}` },
      { name: 'device token as a cookie', cookie: `tableside_staff=${deviceToken}` },
      { name: 'expired diner token', token: expiredDiner },
      { name: 'tampered diner token', token: tamperedDiner },
      { name: 'diner token signed with another secret', token: otherSecretDiner },
      { name: 'revoked device token', token: revokedDevice.token },
      { name: 'signed-out staff cookie', cookie: signedOut.client.cookie },
      { name: 'expired staff cookie', cookie: expiredStaff.client.cookie },
      { name: 'nothing' },
    ];

    const specs = buildAdminApi(running.server.deps, config).specs;
    // Valid credentials do what they may (a kiosk's handshake records it as seen): only refusals must change nothing.
    const tryAll = async (credential: (typeof credentials)[number]) => {
      const headers = {
        origin: TEST_ORIGIN,
        ...(credential.token ? { authorization: `Bearer ${credential.token}` } : {}),
        ...(credential.cookie ? { cookie: credential.cookie } : {}),
      };

      // The diner's routes at A's table.
      for (const [method, path] of [
        ['GET', 'session'],
        ['GET', 'orders'],
        ['POST', 'orders'],
      ] as const) {
        const response = await fetch(`${url}/api/v1/tables/${a.table.qr_token}/${path}`, {
          method,
          headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: method === 'POST' ? JSON.stringify({ cartVersion: 0 }) : undefined,
        });
        if (credential.valid === 'diner') {
          expect(response.status, `${credential.name} ${method} ${path}`).toBeLessThan(method === 'POST' ? 500 : 300);
          await response.text();
        } else {
          await expectRefused(response, ['UNAUTHENTICATED'], `${credential.name} ${method} ${path}`, secrets);
        }
      }

      // Every admin route, through its guard.
      if (credential.valid !== 'staff') {
        for (const spec of specs) {
          const path = spec.path.replace(':id', idFor(spec.path, a.ids) ?? randomUUID());
          const response = await fetch(`${url}/api/v1/admin${path}`, { method: spec.method, headers });
          await expectRefused(response, ['UNAUTHENTICATED'], `${credential.name} ${spec.method} ${spec.path}`, secrets);
        }
      }

      // Every namespace.
      for (const [namespace, kind] of [
        ['/diner', 'diner'],
        ['/kitchen', 'device'],
        ['/staff', 'staff'],
      ] as const) {
        const answer = await handshake(url, namespace, credential);
        if (credential.valid === kind) expect(answer, `${credential.name} on ${namespace}`).toBe('connected');
        else {
          expect(answer, `${credential.name} on ${namespace}`).toMatchObject({ code: 'UNAUTHENTICATED' });
          for (const secret of secrets) expect(JSON.stringify(answer)).not.toContain(secret);
        }
      }
    };
    const validFrom = Date.now();
    for (const credential of credentials.filter((candidate) => candidate.valid)) await tryAll(credential);
    // The kiosk's handshake records it as seen after `connect` has reached the client: let that write land before
    // the snapshot, or it shows up as a change made by a refused credential.
    await waitFor(
      async () => {
        const device = await env.db('kitchen_devices').where({ id: a.device.deviceId }).first();
        return device?.last_seen_at && device.last_seen_at.getTime() >= validFrom ? true : undefined;
      },
      5_000,
      'the kiosk recorded as seen',
    );
    await expectNothingStored(env, 'refused credentials', async () => {
      for (const credential of credentials.filter((candidate) => !candidate.valid)) await tryAll(credential);
    });
  }, 120_000);

  it('keeps restaurant A’s owner, kiosk and diners out of restaurant B', async () => {
    const { url } = running;
    const a = await aRestaurant(url);
    const b = await aRestaurant(url);
    const leaks = (text: string, except?: string) => b.everyId.filter((id) => id !== except && text.includes(id));
    const specs = buildAdminApi(running.server.deps, running.server.config).specs;
    /** A body the route's schema accepts, so that only the id can be why it is refused. */
    const validBody = (spec: (typeof specs)[number]) => {
      const schema = ADMIN_BODY_SCHEMAS[specKey(spec)];
      return schema
        ? fc.sample(
            shapedLike(schema).filter((body) => schema.safeParse(body).success),
            1,
          )[0]
        : undefined;
    };

    await expectNothingStored(env, 'A acting on B over HTTP', async () => {
      // A's owner on every admin route that names an id, with B's ids.
      for (const spec of specs.filter((candidate) => candidate.path.includes(':id'))) {
        const bId = idFor(spec.path, b.ids);
        expect(bId, `${spec.path} names an entity this test knows`).toBeDefined();
        const path = spec.path.replace(':id', bId!);
        const response = await a.owner.client.request(spec.method, path, validBody(spec));
        const text = await response.text();
        expect(response.status, `${spec.method} ${path} → ${text}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${spec.method} ${path} → ${text}`).toBeLessThan(500);
        expect(leaks(text, bId), `${spec.method} ${spec.path}`).toEqual([]);
      }
      // B's ids inside bodies and queries.
      const crossBodies: [string, string, unknown][] = [
        ['POST', '/menu/items', { categoryId: b.category.id, name: 'Stolen', priceCents: 100 }],
        ['POST', '/menu/items/reorder', { categoryId: b.category.id, ids: [b.item.id] }],
        ['POST', '/menu/categories/reorder', { ids: [b.category.id] }],
      ];
      for (const [method, path, body] of crossBodies) {
        const response = await a.owner.client.request(method, path, body);
        const text = await response.text();
        expect(response.status, `${method} ${path} → ${text}`).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(leaks(text, b.category.id)).toEqual([]);
      }
      const filtered = await a.owner.client.request('GET', `/orders?tableId=${b.table.id}`);
      expect(leaks(await filtered.text(), b.table.id)).toEqual([]);

      // A's diner at B's table, with A's token.
      for (const [method, path] of [
        ['GET', 'session'],
        ['GET', 'orders'],
        ['POST', 'orders'],
      ] as const) {
        const response = await fetch(`${url}/api/v1/tables/${b.table.qr_token}/${path}`, {
          method,
          headers: {
            authorization: `Bearer ${a.diner.joined.dinerToken}`,
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
          },
          body: method === 'POST' ? JSON.stringify({ cartVersion: 0 }) : undefined,
        });
        const text = await response.text();
        expectRefusal(response.status, text, `A's diner ${method} B's ${path}`);
        expect(leaks(text)).toEqual([]);
      }
    });

    // A's kiosk on B's order, and A's diner adding B's dish (their handshakes touch A's rows, not B's).
    const bOrder = await env.db('orders').where({ id: b.order.id }).first();
    const kiosk = await connectKiosk(url, a.device.token);
    for (const [event, payload] of [
      ['kitchen:ack', { orderId: b.order.id }],
      ['kitchen:bump', { orderId: b.order.id, to: 'ready', expectedVersion: 1 }],
      ['kitchen:recall', { orderId: b.order.id, expectedVersion: 1 }],
    ] as const) {
      const ack = await kiosk.send(event, payload);
      expect(ack, event).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(leaks(JSON.stringify(ack), b.order.id)).toEqual([]);
    }
    const synced = await kiosk.send('kitchen:sync', {});
    expect(leaks(JSON.stringify(synced))).toEqual([]);
    kiosk.close();
    const phone = await connectDiner(url, a.diner.joined.dinerToken);
    const added = await phone.send('cart:add', { opId: 'cross-tenant-1', itemId: b.item.id, quantity: 1 });
    expect(added).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });
    phone.close();
    expect(await env.db('orders').where({ id: b.order.id }).first()).toEqual(bOrder);
    expect(await env.db('order_acks').where({ order_id: b.order.id })).toEqual([]);
  }, 120_000);
});
