import type { Order, OrderStatus } from '@tableside/shared';
import type { Knex } from '../platform/db.js';
import { presentOrder, type OrderItemRow, type OrderRow } from './present.js';

export type { OrderItemRow, OrderRow };

/**
 * The next ticket number of a restaurant's business day. The counter row is
 * locked by this upsert until the order's transaction ends, so numbers are
 * handed out once each and without gaps. Every order of a restaurant passes
 * this row: callers take it last, right before the order's final writes.
 */
export async function nextTicketNumber(trx: Knex.Transaction, restaurantId: string, businessDate: string) {
  const result = await trx.raw<{ rows: { last_number: number }[] }>(
    `insert into ticket_counters (restaurant_id, business_date, last_number) values (?, ?, 1)
     on conflict (restaurant_id, business_date)
     do update set last_number = ticket_counters.last_number + 1
     returning last_number`,
    [restaurantId, businessDate],
  );
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
