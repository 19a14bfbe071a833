import type { Order } from '@tableside/shared';
import type { AllDayCount, TicketView } from '../kioskApi.js';
import type { KitchenOp, TicketJob } from '../ledger/ledger.js';
import { foresee } from './pendingOverlay.js';

export interface KitchenView {
  tickets: TicketView[];
  bumped: TicketView[];
  allDay: AllDayCount[];
}

/** How many bumped tickets stay within reach of recall. */
export const RECALLABLE = 8;

const byArrival = (a: Order, b: Order) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number;

function ticketOf(
  order: Order,
  status: TicketView['status'],
  pending: boolean,
  print: TicketView['print'],
): TicketView {
  return {
    orderId: order.id,
    number: order.number,
    table: order.table.label,
    createdAt: order.createdAt,
    status,
    lines: order.lines.map((line) => ({
      name: line.name,
      quantity: line.quantity,
      options: line.options.map((option) => option.name),
      note: line.note,
    })),
    note: order.note,
    pending,
    print,
  };
}

/** Every item's total quantity across the tickets still to cook, most first. */
export function allDayCounts(tickets: readonly TicketView[]): AllDayCount[] {
  const totals = new Map<string, number>();
  for (const ticket of tickets) {
    for (const line of ticket.lines) totals.set(line.name, (totals.get(line.name) ?? 0) + line.quantity);
  }
  return [...totals]
    .map(([name, quantity]) => ({ name, quantity }))
    .sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
}

/**
 * The display: open tickets in arrival order, bumped (ready) ones by when they
 * were bumped, and the all-day counts, each with the cook's pending actions
 * already applied.
 */
export function kitchenView(
  orders: readonly Order[],
  ops: readonly KitchenOp[],
  jobs: readonly TicketJob[],
  taken: ReadonlyMap<string, { printed: boolean }>,
): KitchenView {
  const queued = new Set(jobs.map((job) => job.order.id));
  const bumpedAt = new Map<string, number>();
  const opsOf = new Map<string, KitchenOp[]>();
  for (const op of ops) {
    if (op.kind === 'bump') bumpedAt.set(op.orderId, op.at);
    opsOf.set(op.orderId, [...(opsOf.get(op.orderId) ?? []), op]);
  }

  const tickets: TicketView[] = [];
  const bumped: { ticket: TicketView; at: number }[] = [];
  for (const order of [...orders].sort(byArrival)) {
    const pendingOps = opsOf.get(order.id) ?? [];
    const { status } = foresee(order, pendingOps);
    const pending = pendingOps.length > 0;
    const print = queued.has(order.id) ? 'queued' : taken.get(order.id)?.printed ? 'printed' : 'none';
    if (status === 'ready') {
      const at = bumpedAt.get(order.id) ?? Date.parse(order.updatedAt);
      bumped.push({ ticket: ticketOf(order, status, pending, print), at });
    } else if (status === 'placed' || status === 'accepted' || status === 'preparing') {
      tickets.push(ticketOf(order, status, pending, print));
    }
  }
  return {
    tickets,
    bumped: bumped
      .sort((a, b) => b.at - a.at)
      .slice(0, RECALLABLE)
      .map((entry) => entry.ticket),
    allDay: allDayCounts(tickets),
  };
}
