import { isRetryable, orderChangeAckSchema, orderSchema, type Order } from '@tableside/shared';
import type { KitchenOp } from '../ledger/ledger.js';

/** What the server's answer to an op means for the op. */
export type Settlement =
  /** Done: the order as it is now. */
  | { kind: 'applied'; order: Order }
  /** The order changed elsewhere first: the server's state is taken and the cook told. */
  | { kind: 'conflict'; order: Order; notice: string }
  /** Impossible now (cancelled, gone, refused): dropped, the cook told, the board re-synced. */
  | { kind: 'refused'; notice: string }
  /** No answer, or the server was busy: sent again later, unchanged. */
  | { kind: 'retry'; reason: 'noAnswer' | 'serverBusy' };

function what(op: KitchenOp): string {
  if (op.kind === 'ack') return 'taking it in';
  if (op.kind === 'recall') return 'recalling it';
  return `marking it ${op.to}`;
}

/**
 * Reads the answer to an op. A bump or recall is sent with the version the
 * cook saw, so the server applies it at most once; sent again after its
 * answer was lost, it meets VERSION_CONFLICT with the order exactly one
 * version on and at the op's target, which is this op's own earlier attempt,
 * not a conflict.
 */
export function settleAnswer(op: KitchenOp, answer: unknown): Settlement {
  if (answer === undefined) return { kind: 'retry', reason: 'noAnswer' };
  const parsed = orderChangeAckSchema.safeParse(answer);
  if (!parsed.success)
    return { kind: 'refused', notice: `Ticket ${op.number}: the server's answer to ${what(op)} made no sense.` };
  if (parsed.data.ok) return { kind: 'applied', order: parsed.data.order };

  const { error } = parsed.data;
  if (error.code === 'VERSION_CONFLICT') {
    const current = orderSchema.safeParse((error.details as { current?: unknown } | undefined)?.current);
    if (current.success) {
      const order = current.data;
      if (op.kind !== 'ack' && order.version === op.expectedVersion + 1 && order.status === op.to) {
        return { kind: 'applied', order };
      }
      return {
        kind: 'conflict',
        order,
        notice: `Ticket ${op.number}: not ${what(op)}, it changed elsewhere first. It is ${order.status} now.`,
      };
    }
  }
  if (isRetryable(error.code) || error.code === 'INTERNAL') return { kind: 'retry', reason: 'serverBusy' };
  if (op.kind === 'ack' && error.code === 'INVALID_TRANSITION') {
    return { kind: 'refused', notice: `Ticket ${op.number} was cancelled.` };
  }
  return { kind: 'refused', notice: `Ticket ${op.number}: not ${what(op)}. ${error.message}` };
}
