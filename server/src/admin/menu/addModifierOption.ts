import { appError } from '../../platform/errors.js';
import { changeMenu, type MenuDeps } from './changeMenu.js';
import { insertEntry, loadEntry, nextPosition, parentExists, type MenuRows } from './repo.js';

/** A new option after the group's others. */
export async function addModifierOption(
  deps: MenuDeps,
  input: {
    restaurantId: string;
    groupId: string;
    option: { name: string; priceDeltaCents: number; available?: boolean };
  },
): Promise<MenuRows> {
  const { restaurantId, groupId, option } = input;
  return changeMenu(deps, restaurantId, async (trx) => {
    if (!(await parentExists(trx, restaurantId, 'group', groupId))) {
      throw appError('NOT_FOUND', undefined, 'No such modifier group.');
    }
    const position = await nextPosition(trx, 'option', { restaurant_id: restaurantId, group_id: groupId });
    const row = await insertEntry(trx, 'option', {
      restaurant_id: restaurantId,
      group_id: groupId,
      name: option.name,
      price_delta_cents: option.priceDeltaCents,
      available: option.available,
      position,
    });
    return { result: await loadEntry(trx, restaurantId, 'option', row.id), visible: true };
  });
}
