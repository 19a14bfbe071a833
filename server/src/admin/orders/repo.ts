import type { Order, OrderEvent, OrderStatus } from '@tableside/shared';
import type { Knex } from '../../platform/db.js';
import { invalidField } from '../../platform/errors.js';
import { loadOrders } from '../../orders/index.js';

export interface OrderFilters {
  status?: OrderStatus[];
  tableId?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

interface Cursor {
  createdAt: string;
  id: string;
}

const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decode(raw: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (
      typeof cursor.createdAt === 'string' &&
      typeof cursor.id === 'string' &&
      !Number.isNaN(Date.parse(cursor.createdAt))
    ) {
      return cursor;
    }
  } catch {
    // fall through to the refusal below
  }
  throw invalidField('cursor', 'not a cursor from this API');
}

/** Newest first, keyset-paginated on (created_at, id) so pages never skip or repeat under new orders. */
export async function listOrders(
  db: Knex,
  restaurantId: string,
  filters: OrderFilters,
): Promise<{ orders: Order[]; nextCursor: string | null }> {
  const query = db('orders').where({ restaurant_id: restaurantId });
  if (filters.status) query.whereIn('status', filters.status);
  if (filters.tableId) query.where({ table_id: filters.tableId });
  if (filters.from) query.where('created_at', '>=', filters.from);
  if (filters.to) query.where('created_at', '<', filters.to);
  if (filters.cursor) {
    const cursor = decode(filters.cursor);
    query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [cursor.createdAt, cursor.id]);
  }
  const rows = await query
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(filters.limit + 1);
  const page = rows.slice(0, filters.limit);
  const last = page.at(-1);
  return {
    orders: await loadOrders(db, page),
    nextCursor:
      rows.length > filters.limit && last ? encode({ createdAt: last.created_at.toISOString(), id: last.id }) : null,
  };
}

export async function orderEvents(db: Knex, orderId: string): Promise<OrderEvent[]> {
  const rows = await db('order_events')
    .where({ order_id: orderId })
    .orderBy([
      { column: 'created_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
  return rows.map((row) => ({
    from: row.from_status,
    to: row.to_status,
    actorType: row.actor_type,
    actorId: row.actor_id,
    reason: row.reason,
    at: row.created_at.toISOString(),
  }));
}

/**
 * What cancelling the order would put back on the shelf now: its lines whose
 * menu item still counts stock, summed per item (the same lines cancelOrder
 * restocks), named as ordered.
 */
export async function restockOnCancel(
  db: Knex,
  restaurantId: string,
  orderId: string,
): Promise<{ itemId: string; name: string; quantity: number }[]> {
  const rows = (await db('order_items as i')
    .join('menu_items as m', function () {
      this.on('m.id', 'i.menu_item_id').andOn('m.restaurant_id', 'i.restaurant_id');
    })
    .where({ 'i.order_id': orderId, 'i.restaurant_id': restaurantId })
    .whereNotNull('m.stock')
    .groupBy('i.menu_item_id')
    .select('i.menu_item_id as itemId', db.raw('min(i.name) as name'))
    .sum({ quantity: 'i.quantity' })
    .orderBy('i.menu_item_id')) as unknown as { itemId: string; name: string; quantity: string }[];
  return rows.map((row) => ({ itemId: row.itemId, name: row.name, quantity: Number(row.quantity) }));
}
