import type { Deps } from '../createServer.js';

/**
 * Tells every instance, and through them every diner of the restaurant, that
 * the menu moved to `version`. This process's table cache learns it at once,
 * so its very next menu request already carries the new ETag. Never throws.
 */
export async function announceMenuChanged(
  deps: Pick<Deps, 'tables' | 'menus' | 'bus' | 'logger'>,
  restaurantId: string,
  version: number,
): Promise<void> {
  deps.tables.menuChanged(restaurantId, version);
  deps.menus.menuChanged(restaurantId, version);
  // The change is committed whatever happens here: if Redis is away, other
  // instances catch up when their cached version expires (TABLE_CACHE_TTL_MS).
  await deps.bus
    .publish({ type: 'menu:changed', restaurantId, version })
    .catch((error: unknown) =>
      deps.logger.warn({ err: error, restaurantId, version }, 'could not announce a menu change'),
    );
}
