import type { UpdateTableBody } from '@tableside/shared';
import type { Deps } from '../../createServer.js';
import { appError } from '../../platform/errors.js';
import { announceTableChanged } from './announceTableChanged.js';
import { closeOpenSession } from './closeOpenSession.js';
import { requireTable, updateTable, type AdminTableRow } from './repo.js';

/**
 * An owner changes a table's label, seats or whether it is in use. A table
 * taken out of use ends its sitting, and its code stops working everywhere:
 * it is marked inactive first, so no phone can open a new sitting meanwhile.
 */
export async function editTable(
  deps: Pick<Deps, 'db' | 'redis' | 'keys' | 'clock' | 'bus' | 'tables'>,
  restaurantId: string,
  tableId: string,
  patch: UpdateTableBody,
): Promise<AdminTableRow> {
  if (!(await updateTable(deps.db, restaurantId, tableId, patch, deps.clock.now()))) {
    throw appError('NOT_FOUND', undefined, 'No such table.');
  }
  if (patch.active === false) await closeOpenSession(deps, tableId, 'table_removed');
  await announceTableChanged(deps, tableId);
  return requireTable(deps.db, restaurantId, tableId);
}
