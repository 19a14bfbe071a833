import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';

/** A table's code: 192 random bits, base64url (the seed's format; `tables_qr_token_format` allows it). */
export function newQrToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The diner app's address for a table: what its printed QR code opens. */
export function dinerUrl(publicUrl: string, qrToken: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/t/${qrToken}`;
}

// Medium error correction: survives a scratch or a sauce stain on the printed code.
const ERROR_CORRECTION = 'M';
/** The white border a reader needs around the code, in modules (the standard's four). */
export const QUIET_ZONE = 4;

export function renderQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: QUIET_ZONE });
}

export function renderQrPng(url: string, widthPx: number): Promise<Buffer> {
  return QRCode.toBuffer(url, {
    type: 'png',
    errorCorrectionLevel: ERROR_CORRECTION,
    width: widthPx,
    margin: QUIET_ZONE,
  });
}

/** The code's modules, for drawing it as vectors: `size` × `size`, `dark(row, col)`. */
export function qrModules(url: string): { size: number; dark(row: number, col: number): boolean } {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: ERROR_CORRECTION });
  return { size: modules.size, dark: (row, col) => Boolean(modules.get(row, col)) };
}
