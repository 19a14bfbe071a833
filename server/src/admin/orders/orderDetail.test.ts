import { orderDetailSchema, type Order } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../../test/admin.js';
import { buildCategory, buildItem, buildRestaurant, buildTable } from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';
import { json } from '../../test/http.js';
import { fillCart, seat, submitOrder } from '../../test/orders.js';

const env = useTestEnv();

describe('GET /api/v1/admin/orders/:id', () => {
  it('says what a cancel would restock: only items that count their stock, and exactly what cancel restocks', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const category = await buildCategory(env.db, restaurant);
    const cake = await buildItem(env.db, category, { name: 'Cake', stock: 10 });
    const tea = await buildItem(env.db, category, { name: 'Tea' });
    const diner = await seat(url, (await buildTable(env.db, restaurant)).qr_token);
    const cartVersion = await fillCart(env.redis, env.keys, diner, [
      { item: cake, quantity: 2 },
      { item: tea, quantity: 1 },
      { item: cake, quantity: 1 },
    ]);
    const { order } = await json<{ order: Order }>(await submitOrder(url, diner, { cartVersion }));
    const { client } = await signedIn(url, env.db, restaurant.id, 'staff');

    const detail = orderDetailSchema.parse(await json(await client.request('GET', `/orders/${order.id}`)));
    expect(detail.restockOnCancel).toEqual([{ itemId: cake.id, name: 'Cake', quantity: 3 }]);
    expect(detail.events.map((event) => event.to)).toEqual(['placed']);

    const cancelled = await json<{ restocked: unknown }>(
      await client.request('POST', `/orders/${order.id}/cancel`, { reason: 'Guest left' }),
    );
    expect(cancelled.restocked).toEqual(detail.restockOnCancel.map(({ itemId, quantity }) => ({ itemId, quantity })));
  });
});
