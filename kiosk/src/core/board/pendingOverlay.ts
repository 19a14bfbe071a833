import type { Order, OrderStatus } from '@tableside/shared';
import type { KitchenOp } from '../ledger/ledger.js';

export interface Foreseen {
  status: OrderStatus;
  /** The version the order will have once every pending op on it is applied: the next op's `expectedVersion`. */
  version: number;
}

/**
 * The order as the cook sees it: the server's last word plus the actions
 * saved on this device and not yet confirmed. Every applied change raises the
 * version by exactly one, so the version after the pending ops is foreseeable;
 * an ack of an order no longer `placed` changes nothing.
 */
export function foresee(order: Order, pending: readonly KitchenOp[]): Foreseen {
  let { status, version } = order;
  for (const op of pending) {
    if (op.orderId !== order.id) continue;
    if (op.kind === 'ack') {
      if (status === 'placed') {
        status = 'accepted';
        version++;
      }
    } else {
      status = op.to;
      version++;
    }
  }
  return { status, version };
}
