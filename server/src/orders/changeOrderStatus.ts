import { randomUUID } from 'node:crypto';
import { canBump, recallTarget, type Order, type OrderStatus } from '@tableside/shared';
import type { Deps } from '../createServer.js';
import { preparedAs, type Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import { publishCommitted } from '../outbox/index.js';
import { presentOrder, type OrderItemRow, type OrderRow } from './present.js';

export type OrderChangeDeps = Pick<Deps, 'db' | 'redis' | 'keys' | 'logger' | 'clock' | 'published'>;

export interface Actor {
  type: 'kitchen' | 'staff' | 'system';
  id: string | null;
}

export type StatusMove =
  | { kind: 'ack' }
  | { kind: 'bump'; to: OrderStatus; expectedVersion: number }
  | { kind: 'recall'; expectedVersion: number };

/** Where a move takes an order, or why it cannot. */
function targetOf(order: OrderRow, move: StatusMove): OrderStatus | 'no-change' {
  const refuse = (to: string) =>
    appError(
      'INVALID_TRANSITION',
      { from: order.status, to },
      `Order ${order.number} cannot go from ${order.status} to ${to}.`,
    );
  switch (move.kind) {
    case 'ack':
      if (order.status === 'placed') return 'accepted';
      if (order.status === 'cancelled') throw refuse('accepted');
      return 'no-change';
    case 'bump':
      if (!canBump(order.status, move.to)) throw refuse(move.to);
      return move.to;
    case 'recall': {
      const back = recallTarget(order.status);
      if (!back) throw refuse('the step before');
      return back;
    }
  }
}

/** An order as read for a change: its row, and as everyone sees it. */
export interface OrderForChange {
  row: OrderRow;
  order: Order;
}

/** The order with its lines and its table's label, in one query; no lock. */
export async function readOrderForChange(
  db: Knex,
  restaurantId: string,
  orderId: string,
): Promise<OrderForChange | undefined> {
  const { rows } = await db
    .raw<{ rows: (OrderRow & { table_label: string; items: OrderItemRow[] })[] }>(
      `select o.*, t.label as table_label,
         coalesce((select json_agg(i order by i.position) from order_items i where i.order_id = o.id), '[]') as items
       from orders o join tables t on t.id = o.table_id
       where o.id = ? and o.restaurant_id = ?`,
      [orderId, restaurantId],
    )
    .options(preparedAs('orders.read-for-change'));
  const found = rows[0];
  if (!found) return undefined;
  const { table_label, items, ...row } = found;
  return { row, order: presentOrder(row, items, table_label) };
}

/**
 * One status change in one statement: the order's row, if its version is
 * still the one read (a compare-and-set), its `order_events` row and its
 * outbox event; and a kitchen device's ack, whether or not the status moved.
 * Resolves to undefined when the version had moved: nothing but the ack was written.
 */
export async function writeStatusChange(
  db: Knex,
  current: OrderForChange,
  to: OrderStatus,
  actor: Actor,
  options: { now: Date; cancelReason?: string; ackBy?: string },
): Promise<{ order: Order; eventId: string; payload: { order: Order; from: OrderStatus } } | undefined> {
  const { row } = current;
  const order: Order = {
    ...current.order,
    status: to,
    version: row.version + 1,
    updatedAt: options.now.toISOString(),
  };
  const payload = { order, from: row.status };
  const eventId = randomUUID();
  const { rows } = await db
    .raw<{ rows: { moved: number }[] }>(
      `with acked as (
         insert into order_acks (restaurant_id, order_id, device_id)
         select ?::uuid, ?::uuid, ?::uuid where ?::boolean
         on conflict (order_id, device_id) do nothing
       ),
       updated as (
         update orders set status = ?, version = version + 1, updated_at = ?, cancel_reason = ?
         where id = ? and restaurant_id = ? and version = ?
         returning id
       ),
       event as (
         insert into order_events (restaurant_id, order_id, from_status, to_status, actor_type, actor_id, reason,
           created_at)
         select ?, id, ?, ?, ?, ?, ?, ? from updated
       ),
       outbox_row as (
         insert into outbox (id, restaurant_id, type, payload, created_at)
         select ?, ?, 'order.status_changed', ?::jsonb, ? from updated
       )
       select count(*)::int as moved from updated`,
      [
        row.restaurant_id,
        row.id,
        options.ackBy ?? null,
        options.ackBy !== undefined,
        to,
        options.now,
        options.cancelReason ?? null,
        row.id,
        row.restaurant_id,
        row.version,
        row.restaurant_id,
        row.status,
        to,
        actor.type,
        actor.id,
        options.cancelReason ?? null,
        options.now,
        eventId,
        row.restaurant_id,
        JSON.stringify(payload),
        options.now,
      ],
    )
    .options(preparedAs('orders.write-status-change'));
  return rows[0]!.moved === 1 ? { order, eventId, payload } : undefined;
}

/** Tries before a move that keeps losing to other changes gives up with VERSION_CONFLICT. */
const MOVE_TRIES = 3;

/**
 * Moves an order along its lifecycle: the order is read, the move checked
 * against it (and against the caller's view: VERSION_CONFLICT with the
 * current order when it is stale), then written with a compare-and-set on
 * `orders.version`, with its `order_events` row and outbox event, in one
 * statement (writeStatusChange); a change that slipped in between is read
 * and checked again. Then the event goes to the stream, and from there to the
 * kitchen, the table and the staff. A kitchen ack also records which device
 * has the order (once per device).
 */
export async function changeOrderStatus(
  deps: OrderChangeDeps,
  input: { restaurantId: string; orderId: string; move: StatusMove; actor: Actor; streamMaxLen: number },
): Promise<Order> {
  const ackBy =
    input.move.kind === 'ack' && input.actor.type === 'kitchen' && input.actor.id ? input.actor.id : undefined;
  for (let attempt = 1; ; attempt++) {
    const current = await readOrderForChange(deps.db, input.restaurantId, input.orderId);
    if (!current) throw appError('NOT_FOUND', { orderId: input.orderId }, 'No such order.');
    const { row } = current;
    if (('expectedVersion' in input.move && input.move.expectedVersion !== row.version) || attempt > MOVE_TRIES) {
      throw appError(
        'VERSION_CONFLICT',
        { current: current.order },
        `Order ${row.number} changed meanwhile; here it is as it is now.`,
      );
    }
    const to = targetOf(row, input.move);
    if (to === 'no-change') {
      if (ackBy) await recordAck(deps.db, row, ackBy);
      return current.order;
    }
    const moved = await writeStatusChange(deps.db, current, to, input.actor, { now: deps.clock.now(), ackBy });
    if (!moved) continue;
    await publishCommitted(
      deps,
      { id: moved.eventId, restaurantId: input.restaurantId, type: 'order.status_changed', payload: moved.payload },
      input.streamMaxLen,
    );
    return moved.order;
  }
}

/** Which kitchen device has the order; once per device. */
async function recordAck(db: Knex, row: OrderRow, deviceId: string): Promise<void> {
  await db('order_acks')
    .insert({ restaurant_id: row.restaurant_id, order_id: row.id, device_id: deviceId })
    .onConflict(['order_id', 'device_id'])
    .ignore();
}
