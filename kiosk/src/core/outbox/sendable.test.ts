import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KitchenOp } from '../ledger/ledger.js';
import { sendable } from './sendable.js';

const ack = (orderId = randomUUID()): KitchenOp => ({ opId: randomUUID(), kind: 'ack', orderId, number: 1, at: 0 });
const bump = (orderId = randomUUID()): KitchenOp => ({
  opId: randomUUID(),
  kind: 'bump',
  orderId,
  number: 1,
  to: 'ready',
  expectedVersion: 2,
  at: 0,
});
const ids = (ops: KitchenOp[]) => ops.map((op) => op.opId);

describe('what the outbox sends next', () => {
  it('overlaps acks of different orders, up to the window', () => {
    const acks = [ack(), ack(), ack()];
    expect(ids(sendable(acks, new Set(), 2))).toEqual(ids(acks.slice(0, 2)));
    expect(ids(sendable(acks, new Set([acks[0]!.opId]), 2))).toEqual([acks[1]!.opId]);
  });

  it('sends a cook’s action alone, once everything before it is settled, and keeps what follows waiting', () => {
    const first = ack();
    const action = bump();
    const after = ack();
    expect(ids(sendable([first, action, after], new Set(), 16))).toEqual([first.opId]);
    expect(sendable([first, action, after], new Set([first.opId]), 16)).toEqual([]);
    expect(ids(sendable([action, after], new Set(), 16))).toEqual([action.opId]);
    expect(sendable([action, after], new Set([action.opId]), 16)).toEqual([]);
  });

  it('never has two ops of one order in flight', () => {
    const orderId = randomUUID();
    const first = ack(orderId);
    const second = ack(orderId);
    expect(ids(sendable([first, second], new Set(), 16))).toEqual([first.opId]);
  });
});
