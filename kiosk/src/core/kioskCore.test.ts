import { afterAll, describe, expect, it } from 'vitest';
import { connectDiner } from '../../../server/src/test/diners.js';
import { seat } from '../../../server/src/test/orders.js';
import { startFakePrinter, type FakePrinter } from '../test/fakePrinter.js';
import { TEST_TIMINGS, until, useKitchenWorld, waitFor } from '../test/kitchenWorld.js';
import { startKioskCore } from './kioskCore.js';
import { REPRINT_MARK } from './printing/ticketLayout.js';

const world = useKitchenWorld();
const printers: FakePrinter[] = [];
afterAll(async () => {
  for (const printer of printers) await printer.close();
});

async function aKitchen() {
  const { url } = await world.env.startServer();
  const restaurant = await world.restaurant();
  const printer = await startFakePrinter();
  printers.push(printer);
  const dataDir = await world.dataDir();
  const kiosk = await world.startKiosk({
    serverUrl: url,
    restaurant,
    dataDir,
    printer: { kind: 'tcp', host: printer.host, port: printer.port },
  });
  return { url, restaurant, printer, kiosk, dataDir };
}

describe('a new order in the kitchen', () => {
  it('is shown, printed once with every line, option and note, and acked once; the diner sees it accepted', async () => {
    const { url, restaurant, printer, kiosk, dataDir } = await aKitchen();
    const table = await restaurant.table();
    const diner = await seat(url, table.qr_token, 'Ana');
    const phone = await connectDiner(url, diner.joined.dinerToken);

    const order = await world.placeOrder(
      url,
      diner,
      [
        { dish: restaurant.burger, quantity: 2, options: ['Cheddar', 'No onions'], note: 'well done' },
        { dish: restaurant.soup, quantity: 1 },
      ],
      'Birthday at this table',
    );

    const shown = await until(kiosk, (state) => state.tickets.length === 1, 'the ticket on screen');
    expect(shown.tickets[0]).toMatchObject({
      orderId: order.id,
      number: order.number,
      table: table.label,
      lines: [
        { name: 'Burger', quantity: 2, options: ['Cheddar', 'No onions'], note: 'well done' },
        { name: 'Tomato soup', quantity: 1, options: [], note: null },
      ],
      note: 'Birthday at this table',
    });
    expect(shown.allDay).toEqual([
      { name: 'Burger', quantity: 2 },
      { name: 'Tomato soup', quantity: 1 },
    ]);

    const [ticket] = await waitFor(
      () => (printer.tickets().length > 0 ? printer.tickets() : undefined),
      5_000,
      'a ticket',
    );
    expect(ticket!.cut).toBe(true);
    expect(ticket!.lines).toEqual(
      expect.arrayContaining([
        'Harbour Test',
        `#${order.number}`,
        table.label,
        '2 x Burger',
        '+ Cheddar',
        '+ No onions',
        '! well done',
        '1 x Tomato soup',
        'NOTE: Birthday at this table',
      ]),
    );
    expect(ticket!.lines).not.toContain(REPRINT_MARK);

    const accepted = await waitFor(
      () => phone.statuses.find((status) => status.orderId === order.id && status.status === 'accepted'),
      5_000,
      'the diner told accepted',
    );
    expect(accepted.version).toBe(2);
    await until(kiosk, (state) => state.tickets[0]?.print === 'printed', 'the ticket marked printed');

    // Restarted, the kiosk syncs the same order again: no second ticket, no second ack.
    await world.stopKiosk(kiosk);
    const restarted = world.track(await startKioskCore({ dataDir, timings: TEST_TIMINGS }));
    await until(restarted, (state) => state.connection.status === 'online' && state.tickets.length === 1, 'back');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(printer.tickets()).toHaveLength(1);
    expect(await world.env.db('order_acks').where({ order_id: order.id })).toHaveLength(1);
    const events = await world.env.db('order_events').where({ order_id: order.id }).orderBy('created_at');
    expect(events.map((event) => [event.from_status, event.to_status])).toEqual([
      [null, 'placed'],
      ['placed', 'accepted'],
    ]);
    phone.close();
  });

  it('bumps, recalls and reprints on the cook’s word, and refuses a second bump of the same ticket', async () => {
    const { url, restaurant, printer, kiosk } = await aKitchen();
    const order = await world.placeOrder(url, await restaurant.table(), [{ dish: restaurant.soup, quantity: 3 }]);
    await until(kiosk, (state) => state.tickets[0]?.print === 'printed', 'printed');
    await until(kiosk, (state) => state.tickets[0]?.status === 'accepted' && state.pendingActions === 0, 'acked');

    expect(await kiosk.bump(order.id)).toEqual({ ok: true });
    // Shown as done at once, before the server answered.
    expect(kiosk.state()).toMatchObject({ tickets: [], bumped: [{ orderId: order.id, status: 'ready' }] });
    expect(await kiosk.bump(order.id)).toEqual({ ok: false, message: `Ticket ${order.number} is already ready.` });
    await until(kiosk, (state) => state.pendingActions === 0, 'the bump confirmed');
    expect((await world.env.db('orders').where({ id: order.id }).first()).status).toBe('ready');

    expect(await kiosk.recall(order.id)).toEqual({ ok: true });
    expect(kiosk.state().tickets.map((ticket) => [ticket.orderId, ticket.status])).toEqual([[order.id, 'preparing']]);
    await until(kiosk, (state) => state.pendingActions === 0, 'the recall confirmed');

    expect(await kiosk.reprint(order.id)).toEqual({ ok: true });
    const tickets = await waitFor(
      () => (printer.tickets().length === 2 ? printer.tickets() : undefined),
      5_000,
      'the reprint',
    );
    expect(tickets[1]!.lines).toContain(REPRINT_MARK);
    expect(tickets[1]!.lines).toContain(`#${order.number}`);

    const events = await world.env.db('order_events').where({ order_id: order.id }).orderBy('created_at');
    expect(events.map((event) => [event.to_status, event.actor_type])).toEqual([
      ['placed', 'diner'],
      ['accepted', 'kitchen'],
      ['ready', 'kitchen'],
      ['preparing', 'kitchen'],
    ]);
  });

  it('takes the server’s state and tells the cook when the ticket changed elsewhere first', async () => {
    const { url, restaurant, kiosk } = await aKitchen();
    const order = await world.placeOrder(url, await restaurant.table(), [{ dish: restaurant.soup, quantity: 1 }]);
    await until(kiosk, (state) => state.tickets[0]?.status === 'accepted' && state.pendingActions === 0, 'acked');
    // Another device, or the owner, moves it on before this kiosk's bump arrives.
    await world.env.db('orders').where({ id: order.id }).update({ status: 'served', version: 3 });

    expect(await kiosk.bump(order.id)).toEqual({ ok: true });
    const told = await until(kiosk, (state) => state.notices.length > 0, 'the cook told');
    expect(told.notices[0]!.text).toBe(
      `Ticket ${order.number}: not marking it ready, it changed elsewhere first. It is served now.`,
    );
    expect(told.pendingActions).toBe(0);
    expect(told.tickets).toEqual([]);
    expect(told.bumped).toEqual([]);
  });
});
