import { afterAll, describe, expect, it } from 'vitest';
import { startFakePrinter } from '../test/fakePrinter.js';
import type { KioskState } from './kioskApi.js';
import { until, useKitchenWorld, waitFor } from '../test/kitchenWorld.js';
import { startTcpProxy } from '../test/tcpProxy.js';

const world = useKitchenWorld();
const closing: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const each of closing) await each.close();
});

describe('a kitchen whose network drops', () => {
  it('catches up on every order missed and delivers the bumps made offline, once each and in order', async () => {
    const server = await world.env.startServer();
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: server.port });
    const printer = await startFakePrinter();
    closing.push(proxy, printer);
    const restaurant = await world.restaurant();
    const kiosk = await world.startKiosk({
      serverUrl: proxy.url,
      restaurant,
      printer: { kind: 'tcp', host: printer.host, port: printer.port },
    });
    const first = await world.placeOrder(server.url, await restaurant.table(), [
      { dish: restaurant.soup, quantity: 1 },
    ]);
    const second = await world.placeOrder(server.url, await restaurant.table(), [
      { dish: restaurant.soup, quantity: 2 },
    ]);
    const settled = (state: KioskState) =>
      state.pendingActions === 0 && state.tickets.every((t) => t.print === 'printed');
    await until(kiosk, (state) => state.tickets.length === 2 && settled(state), 'both printed and acked');

    proxy.cut();
    await until(kiosk, (state) => state.connection.status !== 'online', 'the kiosk offline');
    const missed = [];
    for (let i = 0; i < 5; i++) {
      missed.push(
        await world.placeOrder(server.url, await restaurant.table(), [{ dish: restaurant.burger, quantity: 1 }]),
      );
    }
    expect(await kiosk.bump(first.id)).toEqual({ ok: true });
    expect(await kiosk.bump(second.id)).toEqual({ ok: true });
    const offline = kiosk.state();
    expect(offline.pendingActions).toBe(2);
    expect(offline.tickets).toEqual([]);
    expect(offline.bumped.map((ticket) => [ticket.orderId, ticket.pending])).toEqual([
      [second.id, true],
      [first.id, true],
    ]);

    proxy.restore();
    const caughtUp = await until(
      kiosk,
      (state) => state.connection.status === 'online' && state.tickets.length === 5 && state.pendingActions === 0,
      'caught up',
    );
    expect(caughtUp.tickets.map((ticket) => ticket.number)).toEqual(missed.map((order) => order.number));
    const printed = await waitFor(
      () => (printer.tickets().length === 7 ? printer.tickets() : undefined),
      5_000,
      'seven tickets',
    );
    const numbers = printed.map((ticket) => ticket.lines.find((line) => /^#\d+$/.test(line)));
    expect(numbers).toEqual([first, second, ...missed].map((order) => `#${order.number}`));
    expect(printed.every((ticket) => ticket.cut)).toBe(true);

    const bumps = await world.env
      .db('order_events')
      .whereIn('order_id', [first.id, second.id])
      .where({ actor_type: 'kitchen', to_status: 'ready' })
      .orderBy('created_at');
    expect(bumps.map((event) => event.order_id)).toEqual([first.id, second.id]);
    const acks = await world.env.db('order_acks').whereIn(
      'order_id',
      [first, second, ...missed].map((o) => o.id),
    );
    expect(acks).toHaveLength(7);
    const statuses = await world.env
      .db('orders')
      .whereIn(
        'id',
        missed.map((o) => o.id),
      )
      .pluck('status');
    expect(statuses).toEqual(Array(5).fill('accepted'));
  });
});
