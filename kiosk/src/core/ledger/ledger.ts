import { orderSchema, orderStatusSchema, uuidSchema } from '@tableside/shared';
import { z } from 'zod';

/**
 * The kiosk's durable memory, kept in the journal: the cook's actions the
 * server has not confirmed yet (the outbox), the tickets the printer has not
 * printed yet (the print queue), and which orders this device has already
 * taken in, so that none is printed or acknowledged twice, also across restarts.
 */

const opBase = { opId: uuidSchema, orderId: uuidSchema, number: z.number().int(), at: z.number() };

export const kitchenOpSchema = z.discriminatedUnion('kind', [
  z.object({ ...opBase, kind: z.literal('ack') }),
  z.object({
    ...opBase,
    kind: z.literal('bump'),
    to: z.enum(['preparing', 'ready', 'served']),
    expectedVersion: z.number().int(),
  }),
  z.object({ ...opBase, kind: z.literal('recall'), to: orderStatusSchema, expectedVersion: z.number().int() }),
]);
/** One of the cook's actions (or the device's own ack) on its way to the server, in the order they were made. */
export type KitchenOp = z.infer<typeof kitchenOpSchema>;

export const ticketJobSchema = z.object({
  jobId: uuidSchema,
  /** The order as it was when queued: printable with no connection, after a restart. */
  order: orderSchema,
  /** Asked for again by the cook. */
  reprint: z.boolean(),
  /** Bytes may have reached the printer: printing it again prints it as a reprint. */
  started: z.boolean(),
  queuedAt: z.number(),
});
export type TicketJob = z.infer<typeof ticketJobSchema>;

export const ledgerEntrySchema = z.discriminatedUnion('type', [
  /** The device paired with a restaurant; pairing with another one starts from nothing. */
  z.object({ type: z.literal('paired'), restaurantId: uuidSchema }),
  /** An order reached this device: it owes the server an ack and the printer a ticket (if there is a printer). */
  z.object({
    type: z.literal('orderTaken'),
    orderId: uuidSchema,
    at: z.number(),
    /** Only in snapshots: its ticket was printed before the history was compacted. */
    printed: z.boolean().optional(),
    ack: kitchenOpSchema.nullable(),
    job: ticketJobSchema.nullable(),
  }),
  z.object({ type: z.literal('opQueued'), op: kitchenOpSchema }),
  /** The server answered these ops (applied, or refused for good); they are not sent again. */
  z.object({ type: z.literal('opsSettled'), opIds: z.array(uuidSchema) }),
  z.object({ type: z.literal('ticketQueued'), job: ticketJobSchema }),
  z.object({ type: z.literal('ticketStarted'), jobId: uuidSchema }),
  z.object({ type: z.literal('ticketPrinted'), jobId: uuidSchema }),
  /** Long-closed orders dropped from `taken` to keep the journal small. */
  z.object({ type: z.literal('ordersForgotten'), orderIds: z.array(uuidSchema) }),
]);
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

export interface LedgerState {
  restaurantId: string | null;
  ops: KitchenOp[];
  jobs: TicketJob[];
  /** Orders this device took in: when (epoch ms), and whether their ticket has printed. */
  taken: Map<string, { at: number; printed: boolean }>;
}

export function emptyLedger(): LedgerState {
  return { restaurantId: null, ops: [], jobs: [], taken: new Map() };
}

export function applyLedgerEntry(state: LedgerState, entry: LedgerEntry): void {
  switch (entry.type) {
    case 'paired':
      if (state.restaurantId !== entry.restaurantId) {
        state.ops = [];
        state.jobs = [];
        state.taken.clear();
      }
      state.restaurantId = entry.restaurantId;
      return;
    case 'orderTaken':
      state.taken.set(entry.orderId, { at: entry.at, printed: entry.printed ?? false });
      if (entry.ack) state.ops.push(entry.ack);
      if (entry.job) state.jobs.push(entry.job);
      return;
    case 'opQueued':
      state.ops.push(entry.op);
      return;
    case 'opsSettled': {
      const settled = new Set(entry.opIds);
      state.ops = state.ops.filter((op) => !settled.has(op.opId));
      return;
    }
    case 'ticketQueued':
      state.jobs.push(entry.job);
      return;
    case 'ticketStarted':
      for (const job of state.jobs) if (job.jobId === entry.jobId) job.started = true;
      return;
    case 'ticketPrinted': {
      const job = state.jobs.find((each) => each.jobId === entry.jobId);
      const taken = job && state.taken.get(job.order.id);
      if (taken) taken.printed = true;
      state.jobs = state.jobs.filter((each) => each.jobId !== entry.jobId);
      return;
    }
    case 'ordersForgotten':
      for (const orderId of entry.orderIds) state.taken.delete(orderId);
      return;
  }
}

/** Entries that rebuild `state` from nothing: what compaction keeps of the history. */
export function ledgerSnapshot(state: LedgerState): LedgerEntry[] {
  return [
    ...(state.restaurantId ? [{ type: 'paired' as const, restaurantId: state.restaurantId }] : []),
    ...[...state.taken].map(([orderId, { at, printed }]) => ({
      type: 'orderTaken' as const,
      orderId,
      at,
      printed,
      ack: null,
      job: null,
    })),
    ...state.ops.map((op) => ({ type: 'opQueued' as const, op })),
    ...state.jobs.map((job) => ({ type: 'ticketQueued' as const, job })),
  ];
}

export const parseLedgerEntry = (entry: unknown): LedgerEntry => ledgerEntrySchema.parse(entry);
