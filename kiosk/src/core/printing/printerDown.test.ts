import { afterAll, describe, expect, it } from 'vitest';
import { startFakePrinter } from '../../test/fakePrinter.js';
import { until, useKitchenWorld, waitFor } from '../../test/kitchenWorld.js';

const world = useKitchenWorld();
const printer = await startFakePrinter();
afterAll(() => printer.close());

describe('a printer out of paper', () => {
  it('holds the tickets, says so on screen, and prints them in order once it has paper again', async () => {
    const { url } = await world.env.startServer();
    const restaurant = await world.restaurant();
    const kiosk = await world.startKiosk({
      serverUrl: url,
      restaurant,
      printer: { kind: 'tcp', host: printer.host, port: printer.port },
    });
    await until(kiosk, (state) => state.printer.status === 'ready', 'the printer ready');

    printer.setCondition('paperOut');
    await until(kiosk, (state) => state.printer.status === 'paperOut', 'paper out on screen');
    const orders = [];
    for (let i = 1; i <= 3; i++) {
      orders.push(await world.placeOrder(url, await restaurant.table(), [{ dish: restaurant.soup, quantity: i }]));
    }
    const waiting = await until(
      kiosk,
      (state) => state.tickets.length === 3 && state.printer.queued === 3 && state.pendingActions === 0,
      'three tickets shown, acked, waiting for paper',
    );
    expect(waiting.printer.status).toBe('paperOut');
    expect(waiting.tickets.map((ticket) => ticket.print)).toEqual(['queued', 'queued', 'queued']);
    expect(printer.tickets()).toEqual([]);

    printer.setCondition('ready');
    const printed = await waitFor(
      () => (printer.tickets().length === 3 ? printer.tickets() : undefined),
      5_000,
      'three tickets',
    );
    expect(printed.map((ticket) => ticket.lines.find((line) => line.startsWith('#')))).toEqual(
      orders.map((order) => `#${order.number}`),
    );
    expect(printed.map((ticket) => ticket.lines.find((line) => / x /.test(line)))).toEqual([
      '1 x Tomato soup',
      '2 x Tomato soup',
      '3 x Tomato soup',
    ]);
    await until(kiosk, (state) => state.printer.queued === 0 && state.printer.status === 'ready', 'queue empty');
  });
});
