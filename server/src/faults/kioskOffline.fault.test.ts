import { describe, expect, it } from 'vitest';
import { startTcpProxy } from '../../../kiosk/src/test/tcpProxy.js';
import { checkBooks, stockOf } from './lib/books.js';
import { useFaultWorld } from './lib/faultWorld.js';
import { expectOnlyRetryableFailures } from './lib/refusals.js';
import { startTraffic } from './lib/traffic.js';

const world = useFaultWorld();

describe('the kiosk offline for a whole burst of orders, its printer out of paper at the same time', () => {
  it('takes in, acks and prints every order of the burst once, after both come back', async () => {
    const server = await world.server('one');
    const restaurant = await world.restaurant(6);
    const stockBefore = await stockOf(world.db, restaurant.dishes);
    // The kitchen's line to the server, which the test cuts as a dead Wi-Fi would.
    const line = world.track(await startTcpProxy({ host: '127.0.0.1', port: server.port }));
    const kitchen = await world.kitchen(line.url, restaurant.id);
    const options = { urls: [server.url], tables: restaurant.tables, dishes: restaurant.dishes };

    const before = world.track(startTraffic({ ...options, ordersPerTable: 1 }));
    await before.done;
    await kitchen.until(
      (state) =>
        state.pendingActions === 0 && state.tickets.filter((ticket) => ticket.print === 'printed').length === 6,
      'the first orders printed and acked',
    );

    line.cut();
    kitchen.printer.setCondition('paperOut');
    await kitchen.until((state) => state.connection.status === 'offline', 'the kiosk offline');
    const burst = world.track(startTraffic({ ...options, ordersPerTable: 5 }));
    await burst.done;
    expect(await world.db('orders').where({ status: 'placed' }).count('* as n')).toEqual([{ n: 30 }]);

    line.restore();
    const waiting = await kitchen.until(
      (state) => state.connection.status === 'online' && state.tickets.length === 36 && state.pendingActions === 0,
      'the burst taken in and acked while the printer is out of paper',
    );
    expect(waiting.printer).toEqual({ status: 'paperOut', queued: 30 });
    expect(kitchen.printer.tickets()).toHaveLength(6);

    kitchen.printer.setCondition('ready');
    await checkBooks({
      db: world.db,
      restaurantId: restaurant.id,
      confirmed: [...before.confirmed, ...burst.confirmed],
      kitchen,
      stockBefore,
    });
    expectOnlyRetryableFailures(before);
    expectOnlyRetryableFailures(burst);
  });
});
