import type { Deps } from '../../createServer.js';
import { appError } from '../../platform/errors.js';
import { dinerUrl } from './qrCode.js';
import { renderQrSheet } from './qrSheetPdf.js';
import { listTables, restaurantForSheet } from './repo.js';

/** The sheet of table tents to print: every table in use, in label order. */
export async function printQrSheet(
  deps: Pick<Deps, 'db'>,
  publicUrl: string,
  restaurantId: string,
): Promise<{ filename: string; pdf: Uint8Array }> {
  const restaurant = await restaurantForSheet(deps.db, restaurantId);
  const tables = await listTables(deps.db, restaurantId, { activeOnly: true });
  if (tables.length === 0) throw appError('NOT_FOUND', undefined, 'There are no active tables to print.');
  const tents = tables.map((table) => ({ label: table.label, url: dinerUrl(publicUrl, table.qr_token) }));
  // The slug is [a-z0-9-] only (restaurants_slug_format), so it is safe in a header.
  return { filename: `${restaurant.slug}-table-qr-codes.pdf`, pdf: await renderQrSheet(restaurant.name, tents) };
}
