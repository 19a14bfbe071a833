import type { Order } from '@tableside/shared';
import { expect } from 'vitest';
import { REPRINT_MARK } from '../../../../kiosk/src/core/printing/ticketLayout.js';
import type { Knex } from '../../platform/db.js';
import type { Kitchen } from './kitchen.js';

/** Each dish's stock before the traffic, by item id. */
export type StockBefore = Map<string, number>;

export async function stockOf(db: Knex, dishes: { id: string }[]): Promise<StockBefore> {
  const ids = dishes.map((dish) => dish.id);
  const rows: { id: string; stock: number }[] = await db('menu_items').whereIn('id', ids).select('id', 'stock');
  return new Map(rows.map((row) => [row.id, row.stock]));
}

/**
 * The books at the end of a fault scenario. Every order a diner was told is
 * placed is in Postgres exactly once and whole (its lines, its `placed`
 * event, its outbox row), reached the kiosk exactly once (one ticket on the
 * board, one ack), was printed exactly once, and nothing else was; each
 * dish's stock is what it was less what those orders took.
 */
export async function checkBooks(options: {
  db: Knex;
  restaurantId: string;
  confirmed: Order[];
  kitchen: Kitchen;
  stockBefore: StockBefore;
}): Promise<void> {
  const { db, confirmed, kitchen } = options;
  const ids = confirmed.map((order) => order.id).sort();
  expect(new Set(ids).size, 'one confirmation per order').toBe(ids.length);

  await kitchen.until(
    (state) =>
      state.pendingActions === 0 &&
      state.printer.queued === 0 &&
      confirmed.every((order) =>
        state.tickets.some((ticket) => ticket.orderId === order.id && ticket.print === 'printed'),
      ),
    `all ${confirmed.length} orders shown, printed and acked at the kiosk`,
    30_000,
  );

  const orders: { id: string; status: string; total_cents: number }[] = await db('orders')
    .where({ restaurant_id: options.restaurantId })
    .select('id', 'status', 'total_cents');
  expect(orders.map((order) => order.id).sort(), 'the orders in Postgres are exactly the confirmed ones').toEqual(ids);
  expect(orders.filter((order) => order.status !== 'accepted')).toEqual([]);

  const count = async (table: string, column: string, extra: (query: Knex.QueryBuilder) => Knex.QueryBuilder) =>
    new Map(
      (
        (await extra(db(table).whereIn(column, ids)).groupBy(column).select(column).count('* as n')) as Record<
          string,
          string | number
        >[]
      ).map((row) => [String(row[column]), Number(row.n)]),
    );
  const placedEvents = await count('order_events', 'order_id', (query) => query.where({ to_status: 'placed' }));
  const acks = await count('order_acks', 'order_id', (query) => query);
  const outboxRows: { order_id: string }[] = await db('outbox')
    .where({ type: 'order.placed', restaurant_id: options.restaurantId })
    .select(db.raw(`payload->'order'->>'id' as order_id`));
  const lineTotals: { order_id: string; lines: number; cents: number }[] = await db('order_items')
    .whereIn('order_id', ids)
    .groupBy('order_id')
    .select('order_id', db.raw('count(*)::int as lines'), db.raw('sum(line_total_cents)::int as cents'));
  const totals = new Map(lineTotals.map((row) => [row.order_id, row]));
  for (const order of confirmed) {
    expect(placedEvents.get(order.id), `one placed event for #${order.number}`).toBe(1);
    expect(acks.get(order.id), `one kitchen ack for #${order.number}`).toBe(1);
    expect(
      outboxRows.filter((row) => row.order_id === order.id),
      `one outbox row for #${order.number}`,
    ).toHaveLength(1);
    expect(totals.get(order.id), `the lines of #${order.number}`).toEqual({
      order_id: order.id,
      lines: order.lines.length,
      cents: order.totalCents,
    });
  }
  expect(outboxRows).toHaveLength(confirmed.length);

  const state = kitchen.kiosk.state();
  expect(state.tickets.map((ticket) => ticket.orderId).sort(), 'the kiosk shows each order once').toEqual(ids);
  const printed = kitchen.printer.tickets();
  expect(printed.every((ticket) => ticket.cut && !ticket.lines.includes(REPRINT_MARK))).toBe(true);
  const numbers = printed.map((ticket) => ticket.lines.find((line) => /^#\d+$/.test(line)));
  expect(numbers.sort(), 'each order printed once, nothing else printed').toEqual(
    confirmed.map((order) => `#${order.number}`).sort(),
  );

  const sold = new Map<string, number>();
  for (const line of confirmed.flatMap((order) => order.lines)) {
    sold.set(line.itemId!, (sold.get(line.itemId!) ?? 0) + line.quantity);
  }
  const dishes = [...options.stockBefore.keys()].map((id) => ({ id }));
  const stockNow = await stockOf(db, dishes);
  for (const [itemId, before] of options.stockBefore) {
    expect(stockNow.get(itemId), `stock of ${itemId}`).toBe(before - (sold.get(itemId) ?? 0));
  }
}
