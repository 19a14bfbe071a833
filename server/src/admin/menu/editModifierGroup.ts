import { invalidField, numberBound } from '../../platform/errors.js';
import { changeMenu, lockForChange, type MenuDeps } from './changeMenu.js';
import { loadEntry, updateEntry, type MenuRows } from './repo.js';

/**
 * Renames a modifier group or changes how many of its options a diner must
 * (`min`) and may (`max`) choose, if it is still at `expectedVersion`. A
 * change of only one bound is checked against the other as it stands.
 */
export async function editModifierGroup(
  deps: MenuDeps,
  input: {
    restaurantId: string;
    groupId: string;
    expectedVersion: number;
    patch: { name?: string; min?: number; max?: number };
  },
): Promise<MenuRows> {
  const { restaurantId, groupId, patch } = input;
  return changeMenu(deps, restaurantId, async (trx) => {
    const before = await lockForChange(trx, restaurantId, 'group', groupId, input.expectedVersion);
    const min = patch.min ?? before.min_choices;
    const max = patch.max ?? before.max_choices;
    if (min > max) {
      throw patch.min === undefined
        ? invalidField('max', `must not be less than min (${min})`, numberBound({ minimum: min }))
        : invalidField('min', `must not be more than max (${max})`, numberBound({ maximum: max }));
    }
    const { visible } = await updateEntry(trx, 'group', before, {
      name: patch.name,
      min_choices: patch.min,
      max_choices: patch.max,
    });
    return { result: await loadEntry(trx, restaurantId, 'group', groupId), visible };
  });
}
