import { appError } from '../../platform/errors.js';
import { changeMenu, type MenuDeps } from './changeMenu.js';
import { insertEntry, loadEntry, nextPosition, parentExists, type MenuRows } from './repo.js';

/**
 * A new modifier group after the item's others. Its options come later, so
 * `max` is not checked against how many there are.
 */
export async function addModifierGroup(
  deps: MenuDeps,
  input: { restaurantId: string; itemId: string; group: { name: string; min: number; max: number } },
): Promise<MenuRows> {
  const { restaurantId, itemId, group } = input;
  return changeMenu(deps, restaurantId, async (trx) => {
    if (!(await parentExists(trx, restaurantId, 'item', itemId))) {
      throw appError('NOT_FOUND', undefined, 'No such menu item.');
    }
    const position = await nextPosition(trx, 'group', { restaurant_id: restaurantId, item_id: itemId });
    const row = await insertEntry(trx, 'group', {
      restaurant_id: restaurantId,
      item_id: itemId,
      name: group.name,
      min_choices: group.min,
      max_choices: group.max,
      position,
    });
    return { result: await loadEntry(trx, restaurantId, 'group', row.id), visible: true };
  });
}
