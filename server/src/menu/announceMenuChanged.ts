import type { Deps } from '../createServer.js';

/**
 * Tells every instance, and through them every diner of the restaurant, that
 * the menu moved to `version`. This process's table cache learns it at once,
 * so its very next menu request already carries the new ETag.
 */
export async function announceMenuChanged(
  deps: Pick<Deps, 'tables' | 'menus' | 'bus'>,
  restaurantId: string,
  version: number,
): Promise<void> {
  deps.tables.menuChanged(restaurantId, version);
  deps.menus.menuChanged(restaurantId, version);
  await deps.bus.publish({ type: 'menu:changed', restaurantId, version });
}
