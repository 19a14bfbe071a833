import type { Knex } from '../../platform/db.js';
import { appError, invalidField } from '../../platform/errors.js';
import { changeMenu, lockForChange, type MenuDeps } from './changeMenu.js';
import { existingIds, LABELS, loadEntry, lockSiblings, setPositions, type MenuRows } from './repo.js';

/**
 * Puts the restaurant's categories in the order of `ids`, which must list
 * every one of them exactly once.
 */
export async function reorderCategories(deps: MenuDeps, input: { restaurantId: string; ids: string[] }): Promise<void> {
  await changeMenu(deps, input.restaurantId, async (trx) => {
    const siblings = await lockSiblings(trx, 'category', { restaurant_id: input.restaurantId });
    await checkFullOrder(trx, input.restaurantId, 'category', siblings, input.ids, 'every category of the menu');
    return { result: undefined, visible: (await setPositions(trx, 'category', siblings, input.ids)) > 0 };
  });
}

/**
 * Puts a category's items in the order of `ids`, which must list every item
 * of that category exactly once. Returns the category.
 */
export async function reorderItems(
  deps: MenuDeps,
  input: { restaurantId: string; categoryId: string; ids: string[] },
): Promise<MenuRows> {
  return changeMenu(deps, input.restaurantId, async (trx) => {
    // Locked, so an item added to the category meanwhile lands before the check (and must be listed) or after.
    await lockForChange(trx, input.restaurantId, 'category', input.categoryId, undefined);
    const siblings = await lockSiblings(trx, 'item', {
      restaurant_id: input.restaurantId,
      category_id: input.categoryId,
    });
    await checkFullOrder(trx, input.restaurantId, 'item', siblings, input.ids, 'every item of the category');
    const moved = await setPositions(trx, 'item', siblings, input.ids);
    return { result: await loadEntry(trx, input.restaurantId, 'category', input.categoryId), visible: moved > 0 };
  });
}

/**
 * An id that is not the restaurant's at all is NOT_FOUND, as anywhere else;
 * a list that leaves a sibling out or names an entry from elsewhere in the
 * menu is VALIDATION_FAILED on `ids`. (Repeats are refused by the schema.)
 */
async function checkFullOrder(
  trx: Knex.Transaction,
  restaurantId: string,
  kind: 'category' | 'item',
  siblings: { id: string }[],
  ids: string[],
  what: string,
): Promise<void> {
  const expected = new Set(siblings.map((row) => row.id));
  const strangers = ids.filter((id) => !expected.has(id));
  const known = await existingIds(trx, restaurantId, kind, strangers);
  const unknown = strangers.find((id) => !known.has(id));
  if (unknown) throw appError('NOT_FOUND', { id: unknown }, `No such ${LABELS[kind]}.`);
  if (strangers.length > 0 || ids.length !== expected.size) {
    throw invalidField('ids', `must list ${what} exactly once (${expected.size}), in the new order`);
  }
}
