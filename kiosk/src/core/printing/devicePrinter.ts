import { constants } from 'node:fs';
import { access, open } from 'node:fs/promises';
import type { PrinterStatus } from '../kioskApi.js';
import type { PrinterLink } from './printerLink.js';

/**
 * A printer behind a device file (`/dev/usb/lp0`, a serial port). Such files
 * are write-only in practice: the status is whether the device is there and
 * takes bytes, and a ticket counts as printed once the kernel took all of it.
 */
export function createDevicePrinter(path: string): PrinterLink {
  async function status(): Promise<PrinterStatus> {
    try {
      await access(path, constants.W_OK);
      return 'ready';
    } catch {
      return 'unreachable';
    }
  }
  return {
    description: path,
    status,
    async print(ticket, beforeSending) {
      const device = await open(path, 'a').catch(() => undefined);
      if (!device) return { status: 'unreachable', printed: false };
      try {
        await beforeSending();
        const written = await device.writeFile(ticket).then(
          () => true,
          () => false, // Unplugged or switched off mid-ticket.
        );
        return written ? { status: 'ready', printed: true } : { status: 'unreachable', printed: false };
      } finally {
        await device.close();
      }
    },
  };
}
