import { changeMenu, lockForChange, type MenuDeps } from './changeMenu.js';
import { loadEntry, updateEntry, type MenuRows } from './repo.js';

/** Renames, reprices or 86es a modifier option, if it is still at `expectedVersion`. */
export async function editModifierOption(
  deps: MenuDeps,
  input: {
    restaurantId: string;
    optionId: string;
    expectedVersion: number;
    patch: { name?: string; priceDeltaCents?: number; available?: boolean };
  },
): Promise<MenuRows> {
  const { restaurantId, optionId, patch } = input;
  return changeMenu(deps, restaurantId, async (trx) => {
    const before = await lockForChange(trx, restaurantId, 'option', optionId, input.expectedVersion);
    const { visible } = await updateEntry(trx, 'option', before, {
      name: patch.name,
      price_delta_cents: patch.priceDeltaCents,
      available: patch.available,
    });
    return { result: await loadEntry(trx, restaurantId, 'option', optionId), visible };
  });
}
