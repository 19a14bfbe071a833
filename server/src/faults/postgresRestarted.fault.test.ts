import { randomUUID } from 'node:crypto';
import type { Order } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { connectDiner } from '../test/diners.js';
import { errorOf, json } from '../test/http.js';
import { seat, submitOrder } from '../test/orders.js';
import { checkBooks, stockOf } from './lib/books.js';
import { useFaultWorld } from './lib/faultWorld.js';
import { expectOnlyRetryableFailures } from './lib/refusals.js';
import { startTraffic } from './lib/traffic.js';

const world = useFaultWorld();

describe('Postgres restarted during order traffic', () => {
  it('fails requests in flight with a retryable 503, writes no half order, and recovers without a server restart', async () => {
    const server = await world.server('one', { RELAY_MIN_AGE_MS: '500', RELAY_INTERVAL_MS: '200' });
    const restaurant = await world.restaurant(7);
    const [probing, ...ordering] = restaurant.tables;
    const stockBefore = await stockOf(world.db, restaurant.dishes);
    const kitchen = await world.kitchen(server.url, restaurant.id);
    // A diner with a cart ready, who will press "Place order" while Postgres is down.
    const diner = await seat(server.url, probing!.qr_token, 'Ana');
    const phone = await connectDiner(server.url, diner.joined.dinerToken);
    world.track({ close: async () => phone.close() });
    const added = await phone.send('cart:add', { opId: randomUUID(), itemId: restaurant.dishes[0]!.id, quantity: 2 });
    if (!added.ok) throw new Error(added.error.message);
    const submit = { key: randomUUID(), body: { cartVersion: added.version } };

    const traffic = world.track(
      startTraffic({ urls: [server.url], tables: ordering, dishes: restaurant.dishes, ordersPerTable: 10 }),
    );
    await traffic.confirmedAtLeast(12);

    await world.postgres.kill();
    const refused = await submitOrder(server.url, diner, submit.body, { key: submit.key });
    expect(refused.status).toBe(503);
    expect((await errorOf(refused)).code).toBe('DEPENDENCY_UNAVAILABLE');
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      error: { code: 'DEPENDENCY_UNAVAILABLE', details: { checks: { postgres: 'down', redis: 'up' } } },
    });
    const placedWhileDown = traffic.confirmed.length;
    await world.postgres.start();
    await traffic.done;

    expect(traffic.confirmed.length).toBeGreaterThan(placedWhileDown);
    expect(server.exited()).toBe(false);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    // The refused submit, retried unchanged, places the order once.
    const retried = await submitOrder(server.url, diner, submit.body, { key: submit.key });
    expect(retried.status).toBe(201);
    const { order } = await json<{ order: Order }>(retried);
    const confirmed = [...traffic.confirmed, order];
    await checkBooks({ db: world.db, restaurantId: restaurant.id, confirmed, kitchen, stockBefore });
    expectOnlyRetryableFailures(traffic);
  });
});
