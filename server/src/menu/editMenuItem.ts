import type { Deps } from '../createServer.js';
import { announceMenuChanged } from './announceMenuChanged.js';
import { updateMenuItem, type ItemPatch, type ItemRow } from './repo.js';

/**
 * An owner edits an item: compare-and-set on its version, and, when diners
 * would see the change, a new menu version announced to every instance.
 */
export async function editMenuItem(
  deps: Pick<Deps, 'db' | 'tables' | 'menus' | 'bus' | 'logger'>,
  input: { restaurantId: string; itemId: string; expectedVersion: number; patch: ItemPatch },
): Promise<ItemRow> {
  const { item, menuVersion } = await updateMenuItem(deps.db, input);
  if (menuVersion !== undefined) await announceMenuChanged(deps, input.restaurantId, menuVersion);
  return item;
}
