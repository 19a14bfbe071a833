import { changeMenu, type MenuDeps } from './changeMenu.js';
import { insertEntry, loadEntry, nextPosition, type MenuRows } from './repo.js';

/** A new, empty category at the end of the menu. */
export async function createCategory(deps: MenuDeps, input: { restaurantId: string; name: string }): Promise<MenuRows> {
  return changeMenu(deps, input.restaurantId, async (trx) => {
    const position = await nextPosition(trx, 'category', { restaurant_id: input.restaurantId });
    const row = await insertEntry(trx, 'category', { restaurant_id: input.restaurantId, name: input.name, position });
    return { result: await loadEntry(trx, input.restaurantId, 'category', row.id), visible: true };
  });
}
