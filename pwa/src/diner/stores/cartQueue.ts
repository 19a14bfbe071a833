import {
  applyCartOp,
  chooseOptions,
  cartAddSchema,
  cartLineSchema,
  cartRemoveSchema,
  cartSetQuantitySchema,
  type Cart,
  type CartDiner,
  type CartOp,
  type MenuItem,
} from '@tableside/shared';
import { z } from 'zod';
import { randomId } from '../../common/uuid';

/**
 * The diner's own cart ops that the server has not confirmed yet, in the
 * order they were made. Each keeps its opId from the first tap to the last
 * retry, so a replay after a reconnect or a reload is applied once.
 *
 * - `emitted`: sent at least once, so the server may already have applied it
 *   (it must then be replayed exactly as it was, never merged with a later op);
 * - `ackedVersion`: the server applied it as this cart version; it leaves the
 *   queue once the cart shown has reached that version.
 */
const queueFields = { emitted: z.boolean(), ackedVersion: z.number().int().optional() };

export const pendingOpSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add'), payload: cartAddSchema, line: cartLineSchema, ...queueFields }),
  z.object({ kind: z.literal('setQuantity'), payload: cartSetQuantitySchema, ...queueFields }),
  z.object({ kind: z.literal('remove'), payload: cartRemoveSchema, ...queueFields }),
]);

export type PendingOp = z.infer<typeof pendingOpSchema>;

export const EVENT_OF = {
  add: 'cart:add',
  setQuantity: 'cart:setQuantity',
  remove: 'cart:remove',
} as const;

/**
 * The op for "add this dish", with the line the diner sees at once: named and
 * priced from the menu by shared/'s chooseOptions (the server prices it the
 * same way). Undefined if the options do not satisfy the item's groups.
 */
export function addOp(
  item: MenuItem,
  optionIds: string[],
  quantity: number,
  note: string | undefined,
  by: CartDiner,
): PendingOp | undefined {
  const choice = chooseOptions(item, optionIds);
  if (!choice.ok) return undefined;
  const text = note?.trim() || undefined;
  const withNote = text ? { note: text } : {};
  return {
    kind: 'add',
    payload: { opId: randomId(), itemId: item.id, quantity, optionIds, ...withNote },
    line: {
      lineId: randomId(),
      itemId: item.id,
      name: item.name,
      unitPriceCents: choice.unitPriceCents,
      quantity,
      options: choice.options,
      ...withNote,
      addedBy: by,
    },
    emitted: false,
  };
}

export function toCartOp(op: PendingOp): CartOp {
  switch (op.kind) {
    case 'add':
      return { type: 'add', line: op.line };
    case 'setQuantity':
      return { type: 'setQuantity', lineId: op.payload.lineId, quantity: op.payload.quantity };
    case 'remove':
      return { type: 'remove', lineId: op.payload.lineId };
  }
}

/** The cart the diner sees: the server's cart with their unconfirmed ops on top (an op that no longer applies is skipped). */
export function viewOf(confirmed: Cart, pending: readonly PendingOp[]): Cart {
  return pending.reduce<Cart>((cart, op) => {
    const result = applyCartOp(cart, toCartOp(op));
    return result.ok ? result.cart : cart;
  }, confirmed);
}

/** Ops whose result the confirmed cart already shows leave the queue. */
export function settle(pending: readonly PendingOp[], version: number): PendingOp[] {
  return pending.filter((op) => op.ackedVersion === undefined || op.ackedVersion > version);
}

/**
 * Queues a quantity change or removal of `lineId`. Taps on a line the server
 * has never heard of (added offline) change the queued add itself; repeated
 * taps on one line before they are sent collapse into the last one.
 */
export function queueLineChange(pending: readonly PendingOp[], op: PendingOp & { kind: 'setQuantity' | 'remove' }) {
  const lineId = op.payload.lineId;
  const add = pending.find((queued) => queued.kind === 'add' && queued.line.lineId === lineId);
  if (add && add.kind === 'add' && !add.emitted) {
    if (op.kind === 'remove' || op.payload.quantity === 0) return pending.filter((queued) => queued !== add);
    const quantity = op.payload.quantity;
    return pending.map((queued) =>
      queued === add ? { ...add, payload: { ...add.payload, quantity }, line: { ...add.line, quantity } } : queued,
    );
  }
  const last = pending.at(-1);
  const sameLine =
    last && !last.emitted && (last.kind === 'setQuantity' || last.kind === 'remove') && last.payload.lineId === lineId;
  return sameLine ? [...pending.slice(0, -1), op] : [...pending, op];
}

/**
 * How far the server is with each line the diner changed: `queued` (not sent
 * yet: offline, or waiting its turn), `sending`, or `adding`: a line added but
 * not confirmed has a temporary id the server does not know, so once its add
 * is on the way it cannot be changed until the server's line replaces it.
 */
export type LineState = 'queued' | 'sending' | 'adding';

export function lineStates(pending: readonly PendingOp[]): Map<string, LineState> {
  const states = new Map<string, LineState>();
  for (const op of pending) {
    if (op.kind === 'add') states.set(op.line.lineId, op.emitted ? 'adding' : 'queued');
    else states.set(op.payload.lineId, op.emitted ? 'sending' : 'queued');
  }
  return states;
}
