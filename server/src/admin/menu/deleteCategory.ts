import { appError } from '../../platform/errors.js';
import { changeMenu, lockForChange, type MenuDeps } from './changeMenu.js';
import { countItems, deleteEntry } from './repo.js';

/**
 * Deletes an empty category. One that still has items is refused with
 * CATEGORY_NOT_EMPTY rather than taking its dishes with it: an owner tidying
 * up headings does not expect a whole section of the menu (and its stock
 * counts and modifiers) to vanish mid-service. Move or delete the items first.
 *
 * The category is locked before its items are counted, so an item being added
 * or moved into it meanwhile either lands first (and is counted) or finds the
 * category gone.
 */
export async function deleteCategory(
  deps: MenuDeps,
  input: { restaurantId: string; categoryId: string; expectedVersion?: number },
): Promise<void> {
  await changeMenu(deps, input.restaurantId, async (trx) => {
    const category = await lockForChange(trx, input.restaurantId, 'category', input.categoryId, input.expectedVersion);
    const itemCount = await countItems(trx, input.restaurantId, category.id);
    if (itemCount > 0) {
      const what = itemCount === 1 ? 'an item. Move or delete it' : `${itemCount} items. Move or delete them`;
      throw appError(
        'CATEGORY_NOT_EMPTY',
        { categoryId: category.id, name: category.name, itemCount },
        `${category.name} still has ${what} first.`,
      );
    }
    await deleteEntry(trx, input.restaurantId, 'category', category.id);
    return { result: undefined, visible: true };
  });
}
