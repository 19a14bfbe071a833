import type { PrinterStatus } from '../kioskApi.js';

/**
 * ESC/POS real-time status (DLE EOT n): answered at once, even while the
 * printer is busy or out of paper. One query asks three things: n=1 printer
 * status (bit 3: offline), n=2 offline cause (bit 2: cover open, bit 5: stopped
 * at paper end), n=4 roll paper sensor (bits 2-3: near end, bits 5-6: end).
 */
export const STATUS_QUERY = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
export const STATUS_REPLY_BYTES = 3;

/**
 * GS r 1, transmit paper sensor status: unlike DLE EOT it waits its turn in
 * the printer's buffer, so its answer comes once everything sent before it
 * has been printed. Sent after a ticket, it is the printer saying "done".
 */
export const PRINT_CONFIRMATION = Buffer.from([0x1d, 0x72, 0x01]);

/** A DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear. */
const isRealtimeReply = (byte: number) => (byte & 0x93) === 0x12;

export function readStatus(reply: Uint8Array): PrinterStatus {
  const [printer, cause, paper] = reply;
  if (printer === undefined || cause === undefined || paper === undefined) return 'unreachable';
  if (![printer, cause, paper].every(isRealtimeReply)) return 'unreachable';
  if ((paper & 0x60) === 0x60 || (cause & 0x20) !== 0) return 'paperOut';
  if ((cause & 0x04) !== 0) return 'coverOpen';
  if ((printer & 0x08) !== 0) return 'offline';
  if ((paper & 0x0c) === 0x0c) return 'paperLow';
  return 'ready';
}

/** The GS r 1 answer after a ticket: bits 2-3 set when the roll ran out (the ticket may be incomplete). */
export function confirmsPrint(reply: number): boolean {
  return (reply & 0x0c) !== 0x0c;
}

/** Whether tickets can go to a printer in this state. */
export function canPrint(status: PrinterStatus): boolean {
  return status === 'ready' || status === 'paperLow';
}
