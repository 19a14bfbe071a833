import { canBump, recallTarget, type Order, type OrderStatus } from '@tableside/shared';
import type { Deps } from '../createServer.js';
import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import { publishCommitted } from '../outbox/index.js';
import { addOutboxEvent, loadOrders, type OrderRow } from './repo.js';

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

/**
 * Moves an order along its lifecycle: a compare-and-set on `orders.version`
 * (VERSION_CONFLICT with the current order when the caller's view is stale),
 * an `order_events` row and an outbox event in one transaction, then the
 * event to the stream, and from there to the kitchen, the table and the staff.
 * A kitchen ack also records which device has the order (once per device).
 */
export async function changeOrderStatus(
  deps: OrderChangeDeps,
  input: { restaurantId: string; orderId: string; move: StatusMove; actor: Actor; streamMaxLen: number },
): Promise<Order> {
  const result = await deps.db.transaction(async (trx) => {
    const order = await trx<OrderRow>('orders')
      .where({ id: input.orderId, restaurant_id: input.restaurantId })
      .forUpdate()
      .first();
    if (!order) throw appError('NOT_FOUND', { orderId: input.orderId }, 'No such order.');
    if (input.move.kind === 'ack' && input.actor.type === 'kitchen' && input.actor.id) {
      await trx('order_acks')
        .insert({ restaurant_id: input.restaurantId, order_id: order.id, device_id: input.actor.id })
        .onConflict(['order_id', 'device_id'])
        .ignore();
    }
    if ('expectedVersion' in input.move && input.move.expectedVersion !== order.version) {
      const [current] = await loadOrders(trx, [order]);
      throw appError(
        'VERSION_CONFLICT',
        { current },
        `Order ${order.number} changed meanwhile; here it is as it is now.`,
      );
    }
    const to = targetOf(order, input.move);
    if (to === 'no-change') return { order: (await loadOrders(trx, [order]))[0]! };
    return moveOrder(trx, order, to, input.actor);
  });
  if ('eventId' in result) {
    await publishCommitted(
      deps,
      { id: result.eventId!, restaurantId: input.restaurantId, type: 'order.status_changed', payload: result.payload },
      input.streamMaxLen,
    );
  }
  return result.order;
}

/** Writes one status change with its event and outbox row; the caller holds the order's row lock. */
export async function moveOrder(
  trx: Knex.Transaction,
  order: OrderRow,
  to: OrderStatus,
  actor: Actor,
  extra: Partial<OrderRow> = {},
): Promise<{ order: Order; eventId: string; payload: { order: Order; from: OrderStatus } }> {
  const [updated] = await trx<OrderRow>('orders')
    .where({ id: order.id, version: order.version })
    .update({
      ...extra,
      status: to,
      version: order.version + 1,
      updated_at: trx.fn.now(),
    } as unknown as Partial<OrderRow>)
    .returning('*');
  await trx('order_events').insert({
    restaurant_id: order.restaurant_id,
    order_id: order.id,
    from_status: order.status,
    to_status: to,
    actor_type: actor.type,
    actor_id: actor.id,
    reason: (extra as { cancel_reason?: string }).cancel_reason ?? null,
  });
  const [presented] = await loadOrders(trx, [updated!]);
  const payload = { order: presented!, from: order.status };
  const eventId = await addOutboxEvent(trx, {
    restaurantId: order.restaurant_id,
    type: 'order.status_changed',
    payload,
  });
  return { order: presented!, eventId, payload };
}
