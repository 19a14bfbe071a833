import { randomUUID } from 'node:crypto';
import type { Order } from '@tableside/shared';
import type { LedgerEntry, LedgerState } from '../ledger/ledger.js';

/** Statuses whose ticket is still worth printing: a ready order is already on the pass. */
const TO_PRINT = new Set(['placed', 'accepted', 'preparing']);

/**
 * The journal entries that take new orders in: for each order this device has
 * not taken yet, an ack owed to the server and, with a printer, a ticket owed
 * to it. Recorded together with the order, so that neither is ever owed twice.
 */
export function takeInEntries(
  orders: readonly Order[],
  ledger: LedgerState,
  options: { printing: boolean; now: number; beingTaken: ReadonlySet<string> },
): Extract<LedgerEntry, { type: 'orderTaken' }>[] {
  return orders
    .filter((order) => !ledger.taken.has(order.id) && !options.beingTaken.has(order.id))
    .map((order) => ({
      type: 'orderTaken' as const,
      orderId: order.id,
      at: options.now,
      ack: { opId: randomUUID(), kind: 'ack' as const, orderId: order.id, number: order.number, at: options.now },
      job:
        options.printing && TO_PRINT.has(order.status)
          ? { jobId: randomUUID(), order, reprint: false, started: false, queuedAt: options.now }
          : null,
    }));
}
