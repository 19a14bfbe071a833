import type { PrinterAddress } from '../kioskApi.js';
import { createDevicePrinter } from './devicePrinter.js';
import type { PrinterLink } from './printerLink.js';
import { createTcpPrinter } from './tcpPrinter.js';

/** The link to the printer the settings name; undefined for none. */
export function openPrinter(address: PrinterAddress): PrinterLink | undefined {
  if (address.kind === 'tcp') return createTcpPrinter({ host: address.host, port: address.port });
  if (address.kind === 'device') return createDevicePrinter(address.path);
  return undefined;
}
