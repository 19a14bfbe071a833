import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anOrder } from '../../test/orders.js';
import type { KitchenOp } from '../ledger/ledger.js';
import { planBump, planRecall } from './planActions.js';

const queued = (plan: ReturnType<typeof planBump>): KitchenOp => {
  if (!plan.ok || plan.entry.type !== 'opQueued') throw new Error(`not an op: ${JSON.stringify(plan)}`);
  return plan.entry.op;
};

describe('the cook’s actions', () => {
  it('carry the version the cook saw, pending actions included', () => {
    const order = anOrder({ status: 'placed', version: 1 });
    const ack: KitchenOp = { opId: randomUUID(), kind: 'ack', orderId: order.id, number: order.number, at: 0 };
    const bump = queued(planBump(order, [ack], 10));
    expect(bump).toMatchObject({ kind: 'bump', to: 'ready', expectedVersion: 2 });
    const recall = queued(planRecall(order, [ack, bump], 20));
    expect(recall).toMatchObject({ kind: 'recall', to: 'preparing', expectedVersion: 3 });
  });

  it('refuse a second bump of a ticket already bumped, and a recall of one not bumped', () => {
    const order = anOrder({ number: 9, status: 'accepted', version: 2 });
    const bump = queued(planBump(order, [], 10));
    expect(planBump(order, [bump], 11)).toEqual({ ok: false, message: 'Ticket 9 is already ready.' });
    expect(planRecall(order, [], 12)).toEqual({
      ok: false,
      message: 'Ticket 9 is accepted; there is nothing to recall.',
    });
    expect(planBump(undefined, [], 13)).toEqual({ ok: false, message: 'That ticket is no longer open.' });
  });
});
