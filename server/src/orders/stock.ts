import { preparedAs, type Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import { stockChangeIsVisible } from '../menu/index.js';

export interface StockClaim {
  itemId: string;
  name: string;
  quantity: number;
}

interface Attempt {
  itemId: string;
  /** Stock and version as this attempt read them. */
  stock: number | null;
  version: number;
  /** Whether the update matched that version (and enough stock) and took the units. */
  taken: boolean;
}

/**
 * One try of the optimistic lock for several claims at once (an order's
 * first try takes all of them, a retry one), in one round trip: read each
 * row's stock and version, and update it only if the
 * version is still the one read and the stock suffices. The read and the
 * compare-and-set travel together, so no other order's commit can slip in
 * between a read and its update. Claims come in item id order, and the
 * update takes the rows in that order (a nested loop over the claims), so
 * two orders do not wait on each other in a cycle; should the planner ever
 * choose otherwise, Postgres breaks the cycle and the order is run again.
 */
const READ_AND_TAKE_ALL = `
  with claim as (
    select * from rows from (jsonb_to_recordset(?::jsonb) as (item_id uuid, quantity int))
      with ordinality as c(item_id, quantity, n)
  ),
  current_row as (
    select m.id, m.stock, m.version, claim.quantity, claim.n
    from claim join menu_items m on m.id = claim.item_id and m.restaurant_id = ?
  ),
  taken as (
    update menu_items m set stock = m.stock - current_row.quantity, version = m.version + 1, updated_at = now()
    from current_row
    where m.id = current_row.id and m.version = current_row.version and m.stock >= current_row.quantity
    returning m.id
  )
  select current_row.id as "itemId", current_row.stock, current_row.version,
    exists (select 1 from taken where taken.id = current_row.id) as taken
  from current_row order by current_row.n`;

/** One try at `claims` (READ_AND_TAKE_ALL), by item id. */
async function tryToTake(
  trx: Knex.Transaction,
  restaurantId: string,
  claims: StockClaim[],
): Promise<Map<string, Attempt>> {
  const { rows } = await trx
    .raw<{ rows: Attempt[] }>(READ_AND_TAKE_ALL, [
      JSON.stringify(claims.map((claim) => ({ item_id: claim.itemId, quantity: claim.quantity }))),
      restaurantId,
    ])
    .options(preparedAs('orders.take-stock'));
  return new Map(rows.map((row) => [row.itemId, row]));
}

/**
 * Takes stock for every tracked item of an order, inside the order's
 * transaction, with an optimistic lock on `menu_items.version`:
 *
 *   read stock, version;
 *   UPDATE ... SET stock = stock - q, version = version + 1
 *   WHERE id = :id AND version = :v AND stock >= :q
 *
 * All claims are tried at once, in item id order. Fewer than q left as read
 * is SOLD_OUT (naming the item and what is left); a claim whose version
 * another order changed before the update is tried again on its own (bounded),
 * so a conflict never turns into a false SOLD_OUT. The caller's rollback
 * undoes every decrement if any item fails.
 *
 * Returns whether diners would see the change (an item crossed into "low" or
 * sold out), so the caller bumps the menu version.
 */
export async function takeStock(
  trx: Knex.Transaction,
  restaurantId: string,
  claims: StockClaim[],
  options: { retryLimit: number; lowThreshold: number; onRetry?: () => void },
): Promise<{ visibleChange: boolean }> {
  if (claims.length === 0) return { visibleChange: false };
  let visibleChange = false;
  const ordered = [...claims].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  const firstTries = await tryToTake(trx, restaurantId, ordered);
  for (const claim of ordered) {
    let row = firstTries.get(claim.itemId);
    for (let attempt = 1; ; attempt++) {
      // Deleted or no longer tracked since it was priced: nothing to take.
      if (!row || row.stock === null) break;
      if (row.taken) {
        if (stockChangeIsVisible(row.stock, row.stock - claim.quantity, options.lowThreshold)) visibleChange = true;
        break;
      }
      if (row.stock < claim.quantity) throw soldOut(claim, row.stock);
      if (attempt >= options.retryLimit) {
        throw appError('STOCK_CONTENDED', { itemId: claim.itemId }, 'So many orders at once! Please try again.');
      }
      // No pause: an update that waited behind another order and then found a
      // newer version keeps the row locked, so the next try reads the current
      // version and cannot lose again to anyone.
      options.onRetry?.();
      row = (await tryToTake(trx, restaurantId, [claim])).get(claim.itemId);
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
