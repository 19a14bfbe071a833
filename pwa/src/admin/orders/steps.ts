import type { OrderStatus } from '@tableside/shared';

/** The one step forward from each open status, as the floor moves an order along. */
const NEXT = {
  placed: 'accepted',
  accepted: 'preparing',
  preparing: 'ready',
  ready: 'served',
} as const satisfies Partial<Record<OrderStatus, OrderStatus>>;

export type NextStep = (typeof NEXT)[keyof typeof NEXT];

export function nextStep(status: OrderStatus): NextStep | undefined {
  return status in NEXT ? NEXT[status as keyof typeof NEXT] : undefined;
}
