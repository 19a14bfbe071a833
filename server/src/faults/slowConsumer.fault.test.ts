import { randomUUID } from 'node:crypto';
import type { Socket as NetSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectDiner, waitFor, type ConnectedDiner } from '../test/diners.js';
import { join } from '../test/tables.js';
import { checkBooks, stockOf } from './lib/books.js';
import { waitUntil } from './lib/childProcess.js';
import { useFaultWorld } from './lib/faultWorld.js';
import { expectOnlyRetryableFailures } from './lib/refusals.js';
import { startTraffic } from './lib/traffic.js';

const world = useFaultWorld();

/** The phone stops reading its socket, as a frozen tab or a dead radio does; the server's writes back up. */
function stopReading(diner: ConnectedDiner): NetSocket {
  const transport = diner.socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } };
  const tcp = transport.ws._socket;
  tcp.pause();
  return tcp;
}

const CUT_OFF = 'socket not reading: disconnected (slow consumer)';
/** Well under the ping timeout (20 s + 20 s), which would end a silent socket anyway. */
const CUT_OFF_WITHIN_MS = 10_000;

describe('a diner socket that stops reading', () => {
  it('is cut off with a reason, and holds up neither its table nor the server', async () => {
    // Ana below stands for a whole busy table: her socket may send more than one phone's share of events.
    const server = await world.server('one', { SOCKET_EVENTS_PER_SECOND: '1000', SOCKET_EVENT_BURST: '1000' });
    const restaurant = await world.restaurant(5);
    const [busy, ...ordering] = restaurant.tables;
    const stockBefore = await stockOf(world.db, restaurant.dishes);
    const kitchen = await world.kitchen(server.url, restaurant.id);
    const phone = async (name: string) => {
      const joined = await join(server.url, busy!.qr_token, { displayName: name });
      const diner = await connectDiner(server.url, joined.dinerToken);
      world.track({ close: async () => diner.close() });
      await diner.waitForVersion(0);
      return diner;
    };
    const [writer, watcher, stalled] = [await phone('Ana'), await phone('Ben'), await phone('Cy')];
    const traffic = world.track(
      startTraffic({ urls: [server.url], tables: ordering, dishes: restaurant.dishes, ordersPerTable: 6 }),
    );

    const tcp = stopReading(stalled);
    const stalledSince = Date.now();
    // Ana keeps changing a long cart (every state the whole of it, tens of kB) until the server gives up on Cy.
    let version = 0;
    let slowestAckMs = 0;
    for (let op = 0; !server.log().includes(CUT_OFF); op++) {
      expect(Date.now() - stalledSince, 'the server cut the stalled phone off').toBeLessThan(CUT_OFF_WITHIN_MS);
      const started = Date.now();
      const ack =
        op < 90
          ? await writer.send('cart:add', {
              opId: randomUUID(),
              itemId: restaurant.dishes[op % 2]!.id,
              quantity: 1,
              note: `${op} ${'x'.repeat(190)}`,
            })
          : await writer.send('cart:setQuantity', {
              opId: randomUUID(),
              lineId: writer.last()!.lines[op % 90]!.lineId,
              quantity: 1 + (op % 5),
            });
      slowestAckMs = Math.max(slowestAckMs, Date.now() - started);
      expect(ack).toEqual({ ok: true, version: version + 1 });
      version += 1;
      await writer.waitForVersion(version);
    }
    // The rest of the table saw every change, one version after another, without waiting for Cy.
    await watcher.waitForVersion(version);
    expect(watcher.states.map((state) => state.version)).toEqual(Array.from({ length: version + 1 }, (_, i) => i));
    expect(slowestAckMs).toBeLessThan(1_000);

    // Reading again, Cy finds the connection closed; a new one brings the whole cart.
    tcp.resume();
    await waitFor(() => (stalled.socket.connected ? undefined : true), 10_000, 'the stalled socket closed');
    const back = await phone('Cy');
    expect(back.last()).toMatchObject({ version, lines: writer.last()!.lines });

    await traffic.done;
    await checkBooks({ db: world.db, restaurantId: restaurant.id, confirmed: traffic.confirmed, kitchen, stockBefore });
    expectOnlyRetryableFailures(traffic);
    await waitUntil(async () => (await fetch(`${server.url}/readyz`)).ok, 5_000, 'the server ready');
  });
});
