import { randomUUID } from 'node:crypto';
import type { Order, OrderLine } from '@tableside/shared';

/** An order as the server presents one, for tests that need no server. */
export function anOrder(overrides: Partial<Order> = {}): Order {
  const at = '2026-11-25T18:42:00.000Z';
  return {
    id: randomUUID(),
    number: 42,
    status: 'accepted',
    version: 2,
    table: { id: randomUUID(), label: '7' },
    sessionId: randomUUID(),
    lines: [aLine({ name: 'Tomato soup', quantity: 2 })],
    note: null,
    totalCents: 1300,
    currency: 'EUR',
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function aLine(overrides: Partial<OrderLine> = {}): OrderLine {
  return {
    id: randomUUID(),
    itemId: randomUUID(),
    name: 'Burger',
    unitPriceCents: 1450,
    quantity: 1,
    options: [],
    note: null,
    addedBy: { dinerId: null, displayName: null },
    ...overrides,
  };
}
