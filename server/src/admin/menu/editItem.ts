import { editMenuItem, type ItemPatch } from '../../menu/index.js';
import { AppError, appError } from '../../platform/errors.js';
import { versionConflict, type MenuDeps } from './changeMenu.js';
import { findEntry, loadEntry, nextPosition, type MenuRows } from './repo.js';

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * An owner's edit of an item (its fields, its category, its availability or
 * stock), made by the menu's own compare-and-set (`editMenuItem`): it bumps
 * the menu version and announces it only when diners would see the change.
 * A new category puts the item at the end of it. A stale `expectedVersion`
 * answers VERSION_CONFLICT with the item as it is now.
 */
export async function editItem(
  deps: MenuDeps,
  input: { restaurantId: string; itemId: string; expectedVersion: number; patch: Omit<ItemPatch, 'position'> },
): Promise<MenuRows> {
  const { restaurantId, itemId } = input;
  const patch: ItemPatch = { ...input.patch };
  if (patch.categoryId !== undefined) {
    const item = await findEntry(deps.db, restaurantId, 'item', itemId);
    if (!item) throw appError('NOT_FOUND', undefined, 'No such menu item.');
    if (!(await findEntry(deps.db, restaurantId, 'category', patch.categoryId))) {
      throw appError('NOT_FOUND', { categoryId: patch.categoryId }, 'No such category.');
    }
    if (patch.categoryId !== item.category_id) {
      patch.position = await nextPosition(deps.db, 'item', {
        restaurant_id: restaurantId,
        category_id: patch.categoryId,
      });
    }
  }
  try {
    await editMenuItem(deps, { restaurantId, itemId, expectedVersion: input.expectedVersion, patch });
  } catch (error) {
    if (error instanceof AppError && error.code === 'VERSION_CONFLICT') {
      throw await versionConflict(deps.db, restaurantId, 'item', itemId);
    }
    // The category was deleted between the check above and the move.
    if (error instanceof Error && (error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) {
      throw appError('NOT_FOUND', { categoryId: patch.categoryId }, 'No such category.');
    }
    throw error;
  }
  return loadEntry(deps.db, restaurantId, 'item', itemId);
}
