import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import { stockChangeIsVisible } from '../menu/index.js';

export interface StockClaim {
  itemId: string;
  name: string;
  quantity: number;
}

interface Attempt {
  /** Stock and version as this attempt read them. */
  stock: number | null;
  version: number;
  /** Whether the update matched that version (and enough stock) and took the units. */
  taken: boolean;
}

/**
 * One try of the optimistic lock in one round trip: read the row's stock and
 * version, and update it only if the version is still the one read and the
 * stock suffices. The read and the compare-and-set travel together, so no
 * other order's commit can slip in between a read and its update here, and a
 * retry costs one round trip instead of two.
 */
const READ_AND_TAKE = `
  with current_row as (select stock, version from menu_items where id = ?),
  taken as (
    update menu_items m set stock = m.stock - ?, version = m.version + 1, updated_at = now()
    from current_row
    where m.id = ? and m.version = current_row.version and m.stock >= ?
    returning m.id
  )
  select current_row.stock, current_row.version, exists (select 1 from taken) as taken from current_row`;

/**
 * Takes stock for every tracked item of an order, inside the order's
 * transaction, with an optimistic lock on `menu_items.version`:
 *
 *   read stock, version;
 *   UPDATE ... SET stock = stock - q, version = version + 1
 *   WHERE id = :id AND version = :v AND stock >= :q
 *
 * Items are taken in id order so two orders never wait on each other in a
 * cycle. Fewer than q left as read is SOLD_OUT (naming the item and what is
 * left); a read whose version another order changed before the update is
 * retried (bounded), so a conflict never turns into a false SOLD_OUT. The
 * caller's rollback undoes every decrement if any item fails.
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
      const { rows } = await trx.raw<{ rows: Attempt[] }>(READ_AND_TAKE, [
        claim.itemId,
        claim.quantity,
        claim.itemId,
        claim.quantity,
      ]);
      const row = rows[0];
      if (!row || row.stock === null) break;
      if (row.taken) {
        if (stockChangeIsVisible(row.stock, row.stock - claim.quantity, options.lowThreshold)) visibleChange = true;
        break;
      }
      if (row.stock < claim.quantity) throw soldOut(claim, row.stock);
      if (attempt + 1 >= options.retryLimit) {
        throw appError('STOCK_CONTENDED', { itemId: claim.itemId }, 'So many orders at once! Please try again.');
      }
      // No pause: an update that waited behind another order and then found a
      // newer version keeps the row locked, so the next try reads the current
      // version and cannot lose again to anyone.
      options.onRetry?.();
    }
  }
  return { visibleChange };
}

/** SOLD_OUT for a claim of which only `left` units remain. */
export function soldOut(claim: StockClaim, left: number) {
  return appError(
    'SOLD_OUT',
    { itemId: claim.itemId, name: claim.name, left },
    left === 0
      ? `Sorry, ${claim.name} just sold out.`
      : `Sorry, only ${left} × ${claim.name} left. Lower the quantity to order.`,
  );
}
