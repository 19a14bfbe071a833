import type { Order } from '@tableside/shared';
import { announceMenuChanged, bumpMenuVersion, stockChangeIsVisible } from '../../menu/index.js';
import { readOrderForChange, writeStatusChange, type OrderChangeDeps } from '../../orders/index.js';
import { publishCommitted } from '../../outbox/index.js';
import type { Deps } from '../../createServer.js';
import { appError } from '../../platform/errors.js';

const CANCELLABLE = new Set(['placed', 'accepted', 'preparing', 'ready']);

/**
 * Cancels an order with a reason: every stock-tracked line goes back on the
 * shelf in the same transaction as the status change (items in id order, each
 * decrement's version bumped, like the order path), the table and the kitchen
 * hear it through the stream. A second cancel is refused: nothing is
 * restocked twice.
 */
export async function cancelOrder(
  deps: OrderChangeDeps & Pick<Deps, 'tables' | 'menus' | 'bus'>,
  input: {
    restaurantId: string;
    orderId: string;
    reason: string;
    expectedVersion?: number;
    staffId: string;
    streamMaxLen: number;
  },
): Promise<{ order: Order; restocked: { itemId: string; quantity: number }[] }> {
  const result = await deps.db.transaction(async (trx) => {
    const order = await trx('orders')
      .where({ id: input.orderId, restaurant_id: input.restaurantId })
      .forUpdate()
      .first();
    if (!order) throw appError('NOT_FOUND', { orderId: input.orderId }, 'No such order.');
    if (!CANCELLABLE.has(order.status)) {
      throw appError(
        'INVALID_TRANSITION',
        { from: order.status, to: 'cancelled' },
        `Order ${order.number} is ${order.status}; it cannot be cancelled.`,
      );
    }
    if (input.expectedVersion !== undefined && input.expectedVersion !== order.version) {
      throw appError('VERSION_CONFLICT', { currentVersion: order.version }, `Order ${order.number} changed meanwhile.`);
    }
    const lines = (await trx('order_items')
      .where({ order_id: order.id })
      .whereNotNull('menu_item_id')
      .select('menu_item_id')
      .sum({ quantity: 'quantity' })
      .groupBy('menu_item_id')
      .orderBy('menu_item_id')) as unknown as { menu_item_id: string; quantity: number | string }[];
    const threshold = (await trx('restaurants').where({ id: input.restaurantId }).first('low_stock_threshold'))
      .low_stock_threshold as number;
    const restocked: { itemId: string; quantity: number }[] = [];
    let visible = false;
    for (const line of lines) {
      const quantity = Number(line.quantity);
      const [item] = await trx('menu_items')
        .where({ id: line.menu_item_id, restaurant_id: input.restaurantId })
        .whereNotNull('stock')
        .update({ stock: trx.raw('stock + ?', [quantity]), version: trx.raw('version + 1'), updated_at: trx.fn.now() })
        .returning('stock');
      if (!item) continue;
      restocked.push({ itemId: line.menu_item_id, quantity });
      if (stockChangeIsVisible(item.stock - quantity, item.stock, threshold)) visible = true;
    }
    const menuVersion = visible ? await bumpMenuVersion(trx, input.restaurantId) : undefined;
    // The row is locked: the version read is the version written.
    const current = (await readOrderForChange(trx, input.restaurantId, order.id))!;
    const moved = (await writeStatusChange(
      trx,
      current,
      'cancelled',
      { type: 'staff', id: input.staffId },
      {
        now: deps.clock.now(),
        cancelReason: input.reason,
      },
    ))!;
    return { ...moved, restocked, menuVersion };
  });
  await publishCommitted(
    deps,
    { id: result.eventId, restaurantId: input.restaurantId, type: 'order.status_changed', payload: result.payload },
    input.streamMaxLen,
  );
  if (result.menuVersion !== undefined) await announceMenuChanged(deps, input.restaurantId, result.menuVersion);
  return { order: result.order, restocked: result.restocked };
}
