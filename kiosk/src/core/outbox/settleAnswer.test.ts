import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anOrder } from '../../test/orders.js';
import type { KitchenOp } from '../ledger/ledger.js';
import { settleAnswer } from './settleAnswer.js';

const order = anOrder({ number: 12, status: 'accepted', version: 2 });
const bump: KitchenOp = {
  opId: randomUUID(),
  kind: 'bump',
  orderId: order.id,
  number: 12,
  to: 'ready',
  expectedVersion: 2,
  at: 0,
};
const conflict = (current: object) => ({
  ok: false,
  error: { code: 'VERSION_CONFLICT', message: 'changed', details: { current } },
});

describe('reading the server’s answer to an action', () => {
  it('takes an answered order as applied', () => {
    const ready = { ...order, status: 'ready', version: 3 };
    expect(settleAnswer(bump, { ok: true, order: ready })).toEqual({ kind: 'applied', order: ready });
  });

  it('recognises its own earlier attempt, whose answer was lost, in a version conflict', () => {
    const ready = { ...order, status: 'ready', version: 3 };
    expect(settleAnswer(bump, conflict(ready))).toEqual({ kind: 'applied', order: ready });
  });

  it('takes the server’s state when the order changed elsewhere, and says what it is now', () => {
    const served = { ...order, status: 'served', version: 4 };
    expect(settleAnswer(bump, conflict(served))).toEqual({
      kind: 'conflict',
      order: served,
      notice: 'Ticket 12: not marking it ready, it changed elsewhere first. It is served now.',
    });
  });

  it('sends again later when no answer came or the server was busy', () => {
    expect(settleAnswer(bump, undefined)).toEqual({ kind: 'retry', reason: 'noAnswer' });
    expect(
      settleAnswer(bump, { ok: false, error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'Postgres is down' } }),
    ).toEqual({ kind: 'retry', reason: 'serverBusy' });
  });

  it('drops an ack of a cancelled order, telling the cook', () => {
    const ack: KitchenOp = { opId: randomUUID(), kind: 'ack', orderId: order.id, number: 12, at: 0 };
    const refused = { ok: false, error: { code: 'INVALID_TRANSITION', message: 'cancelled' } };
    expect(settleAnswer(ack, refused)).toEqual({ kind: 'refused', notice: 'Ticket 12 was cancelled.' });
  });
});
