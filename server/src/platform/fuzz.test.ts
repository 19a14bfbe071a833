import { randomUUID } from 'node:crypto';
import { errorBodySchema } from '@tableside/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedIn, TEST_ORIGIN } from '../test/admin.js';
import { connectDiner } from '../test/diners.js';
import { buildCategory, buildItem, buildRestaurant, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { seat } from '../test/orders.js';

/**
 * Guarantee 7: bad input gets a clear error and changes nothing. Every route
 * and socket event is fed values from everywhere (wrong types, huge and odd
 * strings, prototype-pollution keys, deep nesting); the answer is always a 4xx
 * in the wire shape (or a `{ ok:false }` ack), never a 500, and a refused
 * request leaves every table as it was.
 */
const env = useTestEnv();
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const TABLES = [
  'restaurants',
  'staff_users',
  'tables',
  'table_sessions',
  'diners',
  'menu_items',
  'orders',
  'outbox',
  'kitchen_devices',
  'kitchen_pairing_codes',
];

async function snapshot(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES)
    counts[table] = (await env.db(table).count<{ count: number }>('* as count').first())?.count ?? 0;
  return counts;
}

const hostile = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom({ __proto__: { admin: true } }, { constructor: { prototype: { polluted: 1 } } }, '__proto__'),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ minLength: 10_000, maxLength: 70_000 }),
  fc.dictionary(fc.string({ maxLength: 20 }), fc.anything({ maxDepth: 2 }), { maxKeys: 8 }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 20 }),
);

function expectRefusal(status: number, text: string, what: string): boolean {
  expect(status, `${what} → ${status} ${text.slice(0, 200)}`).toBeLessThan(500);
  if (status < 400) return false;
  expect(errorBodySchema.strict().safeParse(JSON.parse(text)).success, `${what}: ${text.slice(0, 200)}`).toBe(true);
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+|select .* from|insert into/i);
  return true;
}

describe('hostile input over HTTP', () => {
  it('never gets a 500 nor changes anything when refused, on every diner, kitchen and admin write', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const table = await buildTable(env.db, restaurant);
    const diner = await seat(url, table.qr_token);
    const { client } = await signedIn(url, env.db, restaurant.id, 'owner');
    const dinerAuth = { authorization: `Bearer ${diner.joined.dinerToken}` };
    const targets: { name: string; send(body: string): Promise<Response> }[] = [
      { name: 'join', send: (body) => post(`/api/v1/tables/${table.qr_token}/join`, body) },
      {
        name: 'order',
        send: (body) =>
          post(`/api/v1/tables/${table.qr_token}/orders`, body, { ...dinerAuth, 'idempotency-key': randomUUID() }),
      },
      { name: 'pair', send: (body) => post('/api/v1/kitchen/pair', body) },
      { name: 'login', send: (body) => post('/api/v1/admin/login', body, { origin: TEST_ORIGIN }) },
      ...(
        [
          ['PUT', '/location'],
          ['POST', '/staff'],
          ['PATCH', `/staff/${randomUUID()}`],
          ['POST', `/orders/${randomUUID()}/cancel`],
          ['POST', `/orders/${randomUUID()}/status`],
        ] as const
      ).map(([method, path]) => ({
        name: `${method} ${path}`,
        send: (body: string) =>
          fetch(`${url}/api/v1/admin${path}`, {
            method,
            headers: { 'content-type': 'application/json', origin: TEST_ORIGIN, cookie: client.cookie },
            body,
          }),
      })),
    ];
    function post(path: string, body: string, headers: Record<string, string> = {}) {
      return fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    }

    for (const target of targets) {
      await fc.assert(
        fc.asyncProperty(hostile, async (value) => {
          const before = await snapshot();
          const body = JSON.stringify(value) ?? 'undefined';
          const response = await target.send(body);
          if (expectRefusal(response.status, await response.text(), target.name)) {
            expect(await snapshot()).toEqual(before);
          }
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('answers hostile path tokens and query strings with 4xx', async () => {
    const { url } = await env.startServer();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.string({ maxLength: 100 }),
        async (token, query) => {
          for (const path of ['', '/menu', '/session', '/orders']) {
            const response = await fetch(
              `${url}/api/v1/tables/${encodeURIComponent(token)}${path}?${encodeURIComponent(query)}`,
            );
            expectRefusal(response.status, await response.text(), `GET tables/${token}${path}`);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('hostile input over the diner socket', () => {
  it('answers every event with a wire-shaped ack and leaves the cart alone', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    await buildItem(env.db, await buildCategory(env.db, restaurant));
    const diner = await seat(url, (await buildTable(env.db, restaurant)).qr_token);
    const phone = await connectDiner(url, diner.joined.dinerToken);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('cart:add', 'cart:setQuantity', 'cart:remove', 'cart:clear', 'cart:sync'),
        hostile,
        async (event, payload) => {
          const ack = await phone.send(event, payload);
          if (!ack.ok) expect(errorBodySchema.shape.error.safeParse(ack.error).success).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
    expect(phone.socket.connected).toBe(true);
    expect((await phone.send('cart:sync', {})) as unknown).toMatchObject({
      ok: true,
      cart: { version: expect.any(Number) },
    });
  });
});
