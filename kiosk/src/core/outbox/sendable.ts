import type { KitchenOp } from '../ledger/ledger.js';

/**
 * Which ops may go out now, given those in flight. The cook's actions go
 * strictly one at a time, in the order they were made, each once everything
 * before it is settled. The device's own acks (one per order, idempotent) may
 * overlap, up to `window` at once, so that catching up on many orders does not
 * wait out one round trip per order; never two ops of one order at a time.
 */
export function sendable(ops: readonly KitchenOp[], inFlight: ReadonlySet<string>, window: number): KitchenOp[] {
  const picked: KitchenOp[] = [];
  const ordersAhead = new Set<string>();
  for (const [index, op] of ops.entries()) {
    if (op.kind !== 'ack') {
      if (index === 0 && inFlight.size === 0) picked.push(op);
      break;
    }
    if (inFlight.size + picked.length >= window) break;
    if (!inFlight.has(op.opId) && !ordersAhead.has(op.orderId)) picked.push(op);
    ordersAhead.add(op.orderId);
  }
  return picked;
}
