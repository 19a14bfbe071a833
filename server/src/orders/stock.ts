import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import { stockChangeIsVisible } from '../menu/index.js';

export interface StockClaim {
  itemId: string;
  name: string;
  quantity: number;
}

interface StockRow {
  stock: number | null;
  version: number;
}

/**
 * Takes stock for every tracked item of an order, inside the order's
 * transaction, with an optimistic lock on `menu_items.version`:
 *
 *   UPDATE ... SET stock = stock - q, version = version + 1
 *   WHERE id = :id AND version = :v AND stock >= :q
 *
 * Items are taken in id order so two orders never wait on each other in a
 * cycle. When no row changed, the item is read again: fewer than q left is
 * SOLD_OUT (naming the item and what is left); otherwise someone else changed
 * the row first, and the update is retried (bounded), so a conflict never
 * turns into a false SOLD_OUT. The caller's rollback undoes
 * every decrement if any item fails.
 *
 * Returns whether diners would see the change (an item crossed into "low" or
 * sold out), so the caller bumps the menu version.
 */
export async function takeStock(
  trx: Knex.Transaction,
  claims: StockClaim[],
  options: { retryLimit: number; lowThreshold: number; onRetry?: () => void },
): Promise<{ visibleChange: boolean }> {
  let visibleChange = false;
  const ordered = [...claims].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  for (const claim of ordered) {
    for (let attempt = 0; ; attempt++) {
      const row: StockRow | undefined = await trx('menu_items').where({ id: claim.itemId }).first('stock', 'version');
      if (!row || row.stock === null) break;
      if (row.stock < claim.quantity) {
        throw appError(
          'SOLD_OUT',
          { itemId: claim.itemId, name: claim.name, left: row.stock },
          row.stock === 0
            ? `Sorry, ${claim.name} just sold out.`
            : `Sorry, only ${row.stock} × ${claim.name} left. Lower the quantity to order.`,
        );
      }
      const updated = await trx('menu_items')
        .where({ id: claim.itemId, version: row.version })
        .where('stock', '>=', claim.quantity)
        .update({ stock: trx.raw('stock - ?', [claim.quantity]), version: row.version + 1, updated_at: trx.fn.now() });
      if (updated === 1) {
        if (stockChangeIsVisible(row.stock, row.stock - claim.quantity, options.lowThreshold)) visibleChange = true;
        break;
      }
      if (attempt + 1 >= options.retryLimit) {
        throw appError('STOCK_CONTENDED', { itemId: claim.itemId }, 'So many orders at once! Please try again.');
      }
      // No pause: an UPDATE that waited behind another order and then found a
      // newer version keeps the row locked, so the re-read and the next try
      // cannot lose again to anyone but a transaction that got in first.
      options.onRetry?.();
    }
  }
  return { visibleChange };
}
