import { randomUUID } from 'node:crypto';
import { canBump, recallTarget, type Order } from '@tableside/shared';
import type { KitchenOp, LedgerEntry } from '../ledger/ledger.js';
import { foresee } from './pendingOverlay.js';

/** The journal entry a cook's action becomes, or why it cannot be done. */
export type Plan = { ok: true; entry: LedgerEntry } | { ok: false; message: string };

const gone: Plan = { ok: false, message: 'That ticket is no longer open.' };

/**
 * A tap on a ticket: it is ready. The expected version is the one the cook
 * sees, pending actions included, so a second tap on the same ticket is
 * refused here and a change made elsewhere meanwhile is refused by the server.
 */
export function planBump(order: Order | undefined, pending: readonly KitchenOp[], now: number): Plan {
  if (!order) return gone;
  const seen = foresee(order, pending);
  if (!canBump(seen.status, 'ready'))
    return { ok: false, message: `Ticket ${order.number} is already ${seen.status}.` };
  const op: KitchenOp = {
    opId: randomUUID(),
    kind: 'bump',
    orderId: order.id,
    number: order.number,
    to: 'ready',
    expectedVersion: seen.version,
    at: now,
  };
  return { ok: true, entry: { type: 'opQueued', op } };
}

/** Takes a bumped ticket one step back, onto the line. */
export function planRecall(order: Order | undefined, pending: readonly KitchenOp[], now: number): Plan {
  if (!order) return gone;
  const seen = foresee(order, pending);
  const to = recallTarget(seen.status);
  if (!to) return { ok: false, message: `Ticket ${order.number} is ${seen.status}; there is nothing to recall.` };
  const op: KitchenOp = {
    opId: randomUUID(),
    kind: 'recall',
    orderId: order.id,
    number: order.number,
    to,
    expectedVersion: seen.version,
    at: now,
  };
  return { ok: true, entry: { type: 'opQueued', op } };
}

export function planReprint(order: Order | undefined, printing: boolean, now: number): Plan {
  if (!order) return gone;
  if (!printing) return { ok: false, message: 'This kiosk has no printer; choose one in the settings.' };
  return {
    ok: true,
    entry: { type: 'ticketQueued', job: { jobId: randomUUID(), order, reprint: true, started: false, queuedAt: now } },
  };
}
