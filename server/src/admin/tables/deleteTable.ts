import type { Deps } from '../../createServer.js';
import { appError } from '../../platform/errors.js';
import { announceTableChanged } from './announceTableChanged.js';
import { closeOpenSession } from './closeOpenSession.js';
import { deleteTableWithoutOrders, hasOrders, requireTable } from './repo.js';

const hasOrdersError = () =>
  appError('TABLE_HAS_ORDERS', undefined, 'This table has orders, so it cannot be deleted. Deactivate it instead.');

/**
 * Removes a table that was set up by mistake. A table with orders keeps them
 * (they would go with it), so it can only be deactivated.
 */
export async function deleteTable(
  deps: Pick<Deps, 'db' | 'redis' | 'keys' | 'clock' | 'bus' | 'tables'>,
  restaurantId: string,
  tableId: string,
): Promise<void> {
  await requireTable(deps.db, restaurantId, tableId);
  if (await hasOrders(deps.db, restaurantId, tableId)) throw hasOrdersError();
  // Before the rows go: its phones are told and its cart is deleted, which the cascade would not do.
  await closeOpenSession(deps, tableId, 'table_removed');
  const result = await deleteTableWithoutOrders(deps.db, restaurantId, tableId);
  if (result === 'missing') throw appError('NOT_FOUND', undefined, 'No such table.');
  if (result === 'has_orders') throw hasOrdersError();
  await announceTableChanged(deps, tableId);
}
