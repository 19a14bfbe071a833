import type { CreateTableBody } from '@tableside/shared';
import type { Deps } from '../../createServer.js';
import { newQrToken } from './qrCode.js';
import { insertTable, type AdminTableRow } from './repo.js';

/** A new table with its own fresh QR code. A label the restaurant already uses is refused. */
export function createTable(
  deps: Pick<Deps, 'db'>,
  restaurantId: string,
  body: CreateTableBody,
): Promise<AdminTableRow> {
  return insertTable(deps.db, {
    restaurant_id: restaurantId,
    label: body.label,
    seats: body.seats,
    qr_token: newQrToken(),
  });
}
