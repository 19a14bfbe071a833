import type { AdminTable } from '@tableside/shared';
import { dinerUrl } from './qrCode.js';
import type { AdminTableRow } from './repo.js';

export function presentTable(row: AdminTableRow, publicUrl: string): AdminTable {
  return {
    id: row.id,
    label: row.label,
    seats: row.seats,
    active: row.active,
    qrToken: row.qr_token,
    dinerUrl: dinerUrl(publicUrl, row.qr_token),
    sessionOpen: row.session_open,
  };
}
