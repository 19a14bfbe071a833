import type { PrinterStatus } from '../kioskApi.js';

export interface PrintOutcome {
  status: PrinterStatus;
  /** The printer confirmed the whole ticket. */
  printed: boolean;
}

/** A receipt printer, however it is attached. */
export interface PrinterLink {
  readonly description: string;
  status(): Promise<PrinterStatus>;
  /**
   * Checks the printer and, only if it can print, calls `beforeSending` (the
   * moment to note that bytes may reach the paper) and sends the ticket.
   */
  print(ticket: Uint8Array, beforeSending: () => Promise<void>): Promise<PrintOutcome>;
}
