import { changeMenu, lockForChange, type MenuDeps } from './changeMenu.js';
import { loadEntry, updateEntry, type MenuRows } from './repo.js';

/** Renames a category, if it is still at `expectedVersion`. */
export async function editCategory(
  deps: MenuDeps,
  input: { restaurantId: string; categoryId: string; expectedVersion: number; patch: { name?: string } },
): Promise<MenuRows> {
  return changeMenu(deps, input.restaurantId, async (trx) => {
    const before = await lockForChange(trx, input.restaurantId, 'category', input.categoryId, input.expectedVersion);
    const { visible } = await updateEntry(trx, 'category', before, { name: input.patch.name });
    return { result: await loadEntry(trx, input.restaurantId, 'category', before.id), visible };
  });
}
