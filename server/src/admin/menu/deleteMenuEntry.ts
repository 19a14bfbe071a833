import { changeMenu, lockForChange, type MenuDeps } from './changeMenu.js';
import { deleteEntry } from './repo.js';

/**
 * Deletes an item, a modifier group or an option, with everything under it
 * (the schema cascades). Orders already placed keep their snapshot of names
 * and prices. Categories have their own rule: see deleteCategory.
 */
export async function deleteMenuEntry(
  deps: MenuDeps,
  input: { restaurantId: string; kind: 'item' | 'group' | 'option'; id: string; expectedVersion?: number },
): Promise<void> {
  await changeMenu(deps, input.restaurantId, async (trx) => {
    await lockForChange(trx, input.restaurantId, input.kind, input.id, input.expectedVersion);
    await deleteEntry(trx, input.restaurantId, input.kind, input.id);
    return { result: undefined, visible: true };
  });
}
