import { randomUUID } from 'node:crypto';
import type { CartState } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { connectDiner, type ConnectedDiner } from '../test/diners.js';
import { errorOf } from '../test/http.js';
import { submitOrder } from '../test/orders.js';
import { join } from '../test/tables.js';
import { checkBooks, stockOf } from './lib/books.js';
import { waitUntil } from './lib/childProcess.js';
import { useFaultWorld } from './lib/faultWorld.js';
import { expectOnlyRetryableFailures } from './lib/refusals.js';
import { startTraffic } from './lib/traffic.js';

const world = useFaultWorld();

/**
 * While `fault_stall` is on, an order's transaction sleeps a second before it
 * commits: long enough for the test to take Redis away between the order's
 * commit and its publish to the stream.
 */
async function stallOrderCommits(db: typeof world.db): Promise<(on: boolean) => Promise<void>> {
  await db.raw(`
    create table fault_stall (stalled boolean not null);
    insert into fault_stall values (false);
    create function fault_stall_commit() returns trigger language plpgsql as $$
    begin
      if (select stalled from fault_stall) then perform pg_sleep(1); end if;
      return new;
    end $$;
    create trigger fault_stall_commit after insert on outbox for each row execute function fault_stall_commit();
  `);
  return async (on) => {
    await db('fault_stall').update({ stalled: on });
  };
}

const versionsNeverGoBack = (states: CartState[]) =>
  states.every((state, i) => i === 0 || state.version >= states[i - 1]!.version);

describe('Redis restarted, its data lost, during order traffic', () => {
  it('keeps or refuses orders retryably, restores the carts, re-publishes what was lost and the kiosk catches up', async () => {
    const stall = await stallOrderCommits(world.db);
    const server = await world.server('one', { RELAY_MIN_AGE_MS: '500', RELAY_INTERVAL_MS: '200' });
    const restaurant = await world.restaurant(7);
    const [choosing, ...ordering] = restaurant.tables;
    const stockBefore = await stockOf(world.db, restaurant.dishes);
    const kitchen = await world.kitchen(server.url, restaurant.id);

    // A table still choosing: three dishes in its shared cart, on two phones.
    const seated = [];
    for (const name of ['Ana', 'Ben']) {
      const joined = await join(server.url, choosing!.qr_token, { displayName: name });
      const phone = await connectDiner(server.url, joined.dinerToken);
      world.track({ close: async () => phone.close() });
      seated.push({ joined, phone });
    }
    const [ana, ben] = seated.map((diner) => diner.phone) as [ConnectedDiner, ConnectedDiner];
    for (const dish of [...restaurant.dishes, restaurant.dishes[0]!]) {
      const added = await ana.send('cart:add', { opId: randomUUID(), itemId: dish.id, quantity: 1, note: dish.name });
      expect(added).toMatchObject({ ok: true });
    }
    const chosen = await ben.waitForVersion(3);

    const traffic = world.track(
      startTraffic({ urls: [server.url], tables: ordering, dishes: restaurant.dishes, ordersPerTable: 10 }),
    );
    await traffic.confirmedAtLeast(12);
    // Orders caught between their commit and their publish when Redis goes.
    await stall(true);
    await waitUntil(
      async () => (await world.db('pg_stat_activity').where({ wait_event: 'PgSleep' })).length > 0,
      10_000,
      'an order transaction stalled before its commit',
    );
    await world.redis.kill();
    await stall(false);
    // Submitting while Redis is down is refused, retryably, and writes nothing.
    const benAtTable = { qrToken: choosing!.qr_token, joined: seated[1]!.joined };
    const refused = await submitOrder(server.url, benAtTable, { cartVersion: chosen.version });
    expect(refused.status).toBe(503);
    expect((await errorOf(refused)).code).toBe('DEPENDENCY_UNAVAILABLE');
    // The stalled orders commit with Redis gone; their requests give up on the stream (and answer 201), so their
    // events wait in the outbox. Redis comes back only after that, so the relay, not a request, publishes them.
    await waitUntil(
      async () => server.log().includes('stream append failed; the relay will retry'),
      10_000,
      'an order committed whose request could not publish its event',
    );
    await world.redis.start();
    await traffic.done;

    // The relay published what the requests could not.
    await waitUntil(
      async () => (await world.db('outbox').whereNull('published_at').count('* as n'))[0]!.n === 0,
      10_000,
      'every outbox row published',
    );
    expect(await world.db('outbox').where('publish_attempts', '>', 0).count('* as n')).not.toEqual([{ n: 0 }]);
    await checkBooks({ db: world.db, restaurantId: restaurant.id, confirmed: traffic.confirmed, kitchen, stockBefore });

    // The choosing table's cart came back as it was, and goes on from there.
    const synced = (await ben.send('cart:sync', {})) as unknown as { ok: true; cart: CartState };
    expect(synced.cart).toMatchObject({ version: 3, lines: chosen.lines });
    expect(await ben.send('cart:add', { opId: randomUUID(), itemId: restaurant.dishes[1]!.id, quantity: 1 })).toEqual({
      ok: true,
      version: 4,
    });
    expect((await ana.waitForVersion(4)).lines).toHaveLength(chosen.lines.length + 1);
    // No phone was ever shown a cart older than one it had: no table silently lost its cart.
    for (const states of [ana.states, ben.states, ...traffic.diners.map((diner) => diner.states)]) {
      expect(versionsNeverGoBack(states)).toBe(true);
    }
    expectOnlyRetryableFailures(traffic);
  });
});
