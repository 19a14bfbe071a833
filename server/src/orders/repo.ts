import type { Order, OrderStatus } from '@tableside/shared';
import { preparedAs, type Knex } from '../platform/db.js';
import { presentOrder, type OrderItemRow, type OrderRow } from './present.js';

export type { OrderItemRow, OrderRow };

/**
 * Takes the next ticket number of a restaurant's business day, in a statement
 * of its own (outside the order's transaction), so the counter row every order
 * of the restaurant passes is locked for one statement, not until an order's
 * commit: orders no longer queue behind each other here. A number is never
 * handed out twice; an order that then fails (sold out, a double tap that
 * finds the first order) leaves a gap in the day's numbers.
 *
 * The statement commits asynchronously (no wait for the WAL flush). That is
 * safe: an order using the number commits after it, synchronously, and
 * flushing the WAL up to the order's commit flushes this one too; a number a
 * crash takes back belonged to no saved order. The unique index on
 * (restaurant, business date, number) stands behind both.
 */
export async function takeTicketNumber(db: Knex, restaurantId: string, businessDate: string): Promise<number> {
  const result = await db
    .raw<{ rows: { last_number: number }[] }>(
      `insert into ticket_counters (restaurant_id, business_date, last_number)
     select ?, ?, 1 from (select set_config('synchronous_commit', 'off', true)) as async_commit
     on conflict (restaurant_id, business_date)
     do update set last_number = ticket_counters.last_number + 1
     returning last_number`,
      [restaurantId, businessDate],
    )
    .options(preparedAs('orders.take-ticket-number'));
  return result.rows[0]!.last_number;
}

export async function findOrderByIdempotencyKey(
  db: Knex,
  sessionId: string,
  idempotencyKey: string,
): Promise<OrderRow | undefined> {
  return db<OrderRow>('orders').where({ session_id: sessionId, idempotency_key: idempotencyKey }).first();
}

/** Orders with their lines and table labels, as everyone sees them. */
export async function loadOrders(db: Knex, orders: OrderRow[]): Promise<Order[]> {
  if (orders.length === 0) return [];
  const ids = orders.map((order) => order.id);
  const items = await db<OrderItemRow>('order_items').whereIn('order_id', ids).orderBy(['order_id', 'position']);
  const labels = new Map<string, string>(
    (
      await db('tables')
        .whereIn('id', [...new Set(orders.map((order) => order.table_id))])
        .select('id', 'label')
    ).map((row: { id: string; label: string }) => [row.id, row.label]),
  );
  return orders.map((order) =>
    presentOrder(
      order,
      items.filter((item) => item.order_id === order.id),
      labels.get(order.table_id) ?? '',
    ),
  );
}

export async function loadOrder(db: Knex, restaurantId: string, orderId: string): Promise<Order | undefined> {
  const order = await db<OrderRow>('orders').where({ id: orderId, restaurant_id: restaurantId }).first();
  return order ? (await loadOrders(db, [order]))[0] : undefined;
}

export async function sessionOrders(db: Knex, sessionId: string): Promise<Order[]> {
  return loadOrders(db, await db<OrderRow>('orders').where({ session_id: sessionId }).orderBy('created_at'));
}

export async function openOrders(db: Knex, restaurantId: string, statuses: readonly OrderStatus[]): Promise<Order[]> {
  return loadOrders(
    db,
    await db<OrderRow>('orders')
      .where({ restaurant_id: restaurantId })
      .whereIn('status', statuses)
      .orderBy('created_at'),
  );
}

/** Writes the outbox row that describes a change, in the change's own transaction; returns the event id. */
export async function addOutboxEvent(
  trx: Knex.Transaction,
  event: { restaurantId: string; type: string; payload: unknown },
): Promise<string> {
  const [row] = await trx('outbox')
    .insert({ restaurant_id: event.restaurantId, type: event.type, payload: JSON.stringify(event.payload) })
    .returning('id');
  return (row as { id: string }).id;
}
