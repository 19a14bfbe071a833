import { MAX_STOCK } from '@tableside/shared';
import { appError, invalidField, numberBound } from '../../platform/errors.js';
import { versionConflict, type MenuDeps } from './changeMenu.js';
import { editItem } from './editItem.js';
import { findEntry, type MenuRows } from './repo.js';

export type StockChange = { set: number | null } | { adjust: number };

/**
 * Sets an item's stock count (null stops counting it), or adjusts the count
 * by a number of units: a delivery (+24) or a dropped plate (-1). An
 * adjustment is worked out from the item at `expectedVersion`, and written by
 * the same compare-and-set as every item edit, so an order taking stock
 * meanwhile makes it a VERSION_CONFLICT, never a lost update.
 */
export async function changeStock(
  deps: MenuDeps,
  input: { restaurantId: string; itemId: string; expectedVersion: number; change: StockChange },
): Promise<MenuRows> {
  const { restaurantId, itemId, expectedVersion, change } = input;
  const stock =
    'set' in change ? change.set : await adjusted(deps, restaurantId, itemId, expectedVersion, change.adjust);
  return editItem(deps, { restaurantId, itemId, expectedVersion, patch: { stock } });
}

async function adjusted(
  deps: MenuDeps,
  restaurantId: string,
  itemId: string,
  expectedVersion: number,
  adjust: number,
): Promise<number> {
  const item = await findEntry(deps.db, restaurantId, 'item', itemId);
  if (!item) throw appError('NOT_FOUND', undefined, 'No such menu item.');
  if (item.version !== expectedVersion) throw await versionConflict(deps.db, restaurantId, 'item', itemId);
  if (item.stock === null) {
    throw appError(
      'STOCK_NOT_TRACKED',
      { itemId, name: item.name },
      `${item.name}’s stock is not counted, so there is nothing to adjust. Set a count first.`,
    );
  }
  const stock = item.stock + adjust;
  if (stock < 0) {
    throw appError(
      'STOCK_BELOW_ZERO',
      { itemId, name: item.name, stock: item.stock, adjust },
      `Only ${item.stock} × ${item.name} left: taking away ${-adjust} would go below zero.`,
    );
  }
  if (stock > MAX_STOCK) {
    // For the owner app: "at most" what still fits.
    const room = numberBound({ maximum: MAX_STOCK - item.stock });
    throw invalidField('adjust', `would take the count above ${MAX_STOCK}`, room);
  }
  return stock;
}
