import type { Order, TodayStats } from '@tableside/shared';
import { todayStatsSchema } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../../test/admin.js';
import { createTestClock } from '../../test/clock.js';
import { buildCategory, buildItem, buildRestaurant, buildTable, type ItemRow } from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';
import { json } from '../../test/http.js';
import { fillCart, seat, submitOrder } from '../../test/orders.js';

const env = useTestEnv();

/** 10:00 in New York on 25 November 2026 (UTC−5). */
const NY_MORNING = new Date('2026-11-25T15:00:00Z');

/** One order from a table of its own (hours apart, a table's sitting would have ended). */
async function order(url: string, restaurant: { id: string }, lines: { item: ItemRow; quantity: number }[]) {
  const diner = await seat(url, (await buildTable(env.db, restaurant)).qr_token);
  const cartVersion = await fillCart(env.redis, env.keys, diner, lines);
  const response = await submitOrder(url, diner, { cartVersion });
  if (response.status !== 201) throw new Error(await response.text());
  return (await json<{ order: Order }>(response)).order;
}

describe('GET /api/v1/admin/stats/today', () => {
  it('counts the restaurant’s local day in SQL: revenue without cancelled orders, hours, top items', async () => {
    // 23:30 on the 24th in New York, although already the 25th in UTC: yesterday's.
    const clock = createTestClock(new Date('2026-11-25T04:30:00Z'));
    const { url } = await env.startServer({}, { clock });
    const restaurant = await buildRestaurant(env.db, { timezone: 'America/New_York', currency: 'USD' });
    const category = await buildCategory(env.db, restaurant);
    const soup = await buildItem(env.db, category, { name: 'Soup', price_cents: 650 });
    const pie = await buildItem(env.db, category, { name: 'Pie', price_cents: 400, stock: 20 });

    await order(url, restaurant, [{ item: soup, quantity: 5 }]);
    // 00:10, 00:40 and 09:15 on the 25th in New York: today's.
    clock.set(new Date('2026-11-25T05:10:00Z'));
    await order(url, restaurant, [{ item: soup, quantity: 2 }]);
    clock.set(new Date('2026-11-25T05:40:00Z'));
    await order(url, restaurant, [
      { item: pie, quantity: 1 },
      { item: soup, quantity: 1 },
    ]);
    clock.set(new Date('2026-11-25T14:15:00Z'));
    await order(url, restaurant, [{ item: pie, quantity: 3 }]);
    const cancelled = await order(url, restaurant, [{ item: soup, quantity: 9 }]);

    // Another restaurant, same day, same server: never counted.
    const other = await buildRestaurant(env.db, { timezone: 'America/New_York', currency: 'USD' });
    const otherSoup = await buildItem(env.db, await buildCategory(env.db, other), { name: 'Soup', price_cents: 900 });
    await order(url, other, [{ item: otherSoup, quantity: 4 }]);

    clock.set(NY_MORNING);
    const { client } = await signedIn(url, env.db, restaurant.id, 'staff');
    expect((await client.request('POST', `/orders/${cancelled.id}/cancel`, { reason: 'Sent back' })).status).toBe(200);

    const response = await client.request('GET', '/stats/today');
    expect(response.status).toBe(200);
    const stats = todayStatsSchema.parse(await json(response));
    expect(stats).toEqual<TodayStats>({
      date: '2026-11-25',
      timezone: 'America/New_York',
      currency: 'USD',
      orders: 3,
      cancelledOrders: 1,
      revenueCents: 1300 + 1050 + 1200,
      averageTicketCents: Math.round((1300 + 1050 + 1200) / 3),
      perHour: [
        { hour: 0, orders: 2, revenueCents: 1300 + 1050 },
        { hour: 9, orders: 1, revenueCents: 1200 },
      ],
      topItems: [
        { name: 'Pie', quantity: 4, revenueCents: 1600 },
        { name: 'Soup', quantity: 3, revenueCents: 1950 },
      ],
    });
  });

  it('is zero on a day without orders, and open to every staff role', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const { client } = await signedIn(url, env.db, restaurant.id, 'staff');
    const stats = todayStatsSchema.parse(await json(await client.request('GET', '/stats/today')));
    expect(stats).toMatchObject({ orders: 0, cancelledOrders: 0, revenueCents: 0, averageTicketCents: 0 });
    expect(stats.perHour).toEqual([]);
    expect(stats.topItems).toEqual([]);
    const anonymous = await fetch(`${url}/api/v1/admin/stats/today`);
    expect(anonymous.status).toBe(401);
  });
});
