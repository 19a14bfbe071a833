import { randomUUID } from 'node:crypto';
import type { Order } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/harness.js';
import { errorOf, json } from '../test/http.js';
import { fillCart, orderFixtures, seat, submitOrder } from '../test/orders.js';

const env = useTestEnv();

const { aRestaurant, seatedWithCart, stockOf, count, holdOrdersAtOutbox } = orderFixtures(env);

/**
 * Guarantee 3, no duplicate order: one order per submit, retried with its
 * key, and one order per cart, whichever of the table's phones submits it.
 */
describe('no duplicate order', () => {
  it('answers the same Idempotency-Key sent 10 times at once with one order and one decrement', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const cake = await shop.item({ name: 'Cake', stock: 20 });
    const table = await shop.table();
    const { diner, cartVersion } = await seatedWithCart(url, table.qr_token, [{ item: cake, quantity: 2 }]);
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => submitOrder(url, diner, { cartVersion }, { key })),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const bodies = await Promise.all(responses.map((response) => response.json()));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(await count('orders', shop.restaurant)).toBe(1);
    expect((await stockOf(cake)).stock).toBe(18);

    // A later retry, after the cart was cleared, still gets the first order.
    const late = await submitOrder(url, diner, { cartVersion }, { key });
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual(bodies[0]);
  });

  it('refuses the same key with another cart version: 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const cake = await shop.item({ name: 'Cake' });
    const table = await shop.table();
    const { diner, cartVersion } = await seatedWithCart(url, table.qr_token, [{ item: cake, quantity: 1 }]);
    const key = randomUUID();
    expect((await submitOrder(url, diner, { cartVersion }, { key })).status).toBe(201);
    const reused = await submitOrder(url, diner, { cartVersion: cartVersion + 5 }, { key });
    expect(reused.status).toBe(422);
    expect((await errorOf(reused)).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count('orders', shop.restaurant)).toBe(1);
  });

  it('orders a cart once when two phones of the table submit it at the same moment, each with its own key', async () => {
    // Two instances, so the two saves are two statements at once, the second waiting on the first's commit.
    const a = await env.startServer();
    const b = await env.startServer();
    const shop = await aRestaurant();
    const cake = await shop.item({ name: 'Cake', stock: 10 });
    const table = await shop.table();
    const { diner: alice, cartVersion } = await seatedWithCart(a.url, table.qr_token, [{ item: cake, quantity: 2 }]);
    const bob = await seat(b.url, table.qr_token);
    expect(bob.joined.session.id).toBe(alice.joined.session.id);
    const hold = await holdOrdersAtOutbox();
    try {
      const alices = submitOrder(a.url, alice, { cartVersion });
      await hold.held();
      const bobs = submitOrder(b.url, bob, { cartVersion });
      await hold.waitingBehind();
      await hold.release();
      const [first, second] = [await alices, await bobs];
      expect([first.status, second.status]).toEqual([201, 200]);
      const [placed, answered] = [await json<{ order: Order }>(first), await json<{ order: Order }>(second)];
      expect(answered).toEqual(placed);
    } finally {
      await hold.remove();
    }
    expect(await count('orders', shop.restaurant)).toBe(1);
    expect((await stockOf(cake)).stock).toBe(8);
    const cart = await env.redis.hget(env.keys.cart(alice.joined.session.id), 'state');
    expect(JSON.parse(cart!)).toEqual({ version: cartVersion + 1, lines: [] });
  });

  it('orders a cart rebuilt after Redis lost it, though its version is one the table ordered before', async () => {
    const { url } = await env.startServer();
    const shop = await aRestaurant();
    const cake = await shop.item({ name: 'Cake', stock: 10 });
    const { diner, cartVersion } = await seatedWithCart(url, (await shop.table()).qr_token, [
      { item: cake, quantity: 1 },
    ]);
    expect((await submitOrder(url, diner, { cartVersion })).status).toBe(201);
    await env.redis.del(env.keys.cart(diner.joined.session.id));
    const rebuilt = await fillCart(env.redis, env.keys, diner, [{ item: cake, quantity: 1 }]);
    expect(rebuilt).toBe(cartVersion);
    expect((await submitOrder(url, diner, { cartVersion: rebuilt })).status).toBe(201);
    expect(await count('orders', shop.restaurant)).toBe(2);
    expect((await stockOf(cake)).stock).toBe(8);
  });
});
