import type { Deps } from '../../createServer.js';
import { appError } from '../../platform/errors.js';
import { announceTableChanged } from './announceTableChanged.js';
import { closeOpenSession } from './closeOpenSession.js';
import { newQrToken } from './qrCode.js';
import { requireTable, updateTable, type AdminTableRow } from './repo.js';

/**
 * Gives a table a new code at once, killing every printed copy of the old
 * one. The sitting opened through the old code ends too (its diner tokens
 * die), and before this answers, the old code is gone from this process's
 * table cache; other instances drop it when the bus tells them.
 */
export async function rotateQrCode(
  deps: Pick<Deps, 'db' | 'redis' | 'keys' | 'clock' | 'bus' | 'tables'>,
  restaurantId: string,
  tableId: string,
): Promise<AdminTableRow> {
  // The new token is written first: from then on a join through the old code finds no table.
  if (!(await updateTable(deps.db, restaurantId, tableId, { qr_token: newQrToken() }, deps.clock.now()))) {
    throw appError('NOT_FOUND', undefined, 'No such table.');
  }
  await closeOpenSession(deps, tableId, 'qr_rotated');
  await announceTableChanged(deps, tableId);
  return requireTable(deps.db, restaurantId, tableId);
}
