import type { Order, OrderStatus } from '@tableside/shared';
import type { Knex } from '../platform/db.js';
import { presentOrder, type OrderItemRow, type OrderRow } from './present.js';

export type { OrderItemRow, OrderRow };

export async function findOrderByIdempotencyKey(
  db: Knex,
  sessionId: string,
  idempotencyKey: string,
): Promise<OrderRow | undefined> {
  return db<OrderRow>('orders').where({ session_id: sessionId, idempotency_key: idempotencyKey }).first();
}

/** The session's order of the cart with this fingerprint (cartFingerprint in placeOrder.ts). */
export async function findOrderByCartFingerprint(
  db: Knex,
  sessionId: string,
  fingerprint: string,
): Promise<OrderRow | undefined> {
  return db<OrderRow>('orders').where({ session_id: sessionId, cart_fingerprint: fingerprint }).first();
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
