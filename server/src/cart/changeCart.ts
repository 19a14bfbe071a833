import { randomUUID } from 'node:crypto';
import {
  chooseOptions,
  type CartAck,
  type CartDiner,
  type CartOp,
  type cartAddSchema,
  type cartSetQuantitySchema,
  type cartRemoveSchema,
  type cartClearSchema,
} from '@tableside/shared';
import type { z } from 'zod';
import type { Deps } from '../createServer.js';
import { appError } from '../platform/errors.js';
import { touchSession } from '../tables/index.js';
import type { CartStore } from './cartStore.js';

/** The diner behind a socket: who they are and which cart is theirs. */
export interface CartDinerContext {
  restaurantId: string;
  sessionId: string;
  diner: CartDiner;
}

type CartDeps = Pick<Deps, 'db' | 'redis' | 'keys' | 'menus' | 'clock' | 'logger'> & { carts: CartStore };

/**
 * When this process last passed a session's activity on to touchSession,
 * which records it at most once a minute through Redis: a busy table's ops in
 * between need not ask Redis at all.
 */
const touchedAt = new Map<string, number>();
const TOUCH_AGAIN_AFTER_MS = 30_000;

function recordActivity(deps: CartDeps, sessionId: string): void {
  const now = performance.now();
  if (now - (touchedAt.get(sessionId) ?? -Infinity) < TOUCH_AGAIN_AFTER_MS) return;
  // Oldest first (a session touched again moves to the end): forget those past the interval.
  for (const [session, at] of touchedAt) {
    if (now - at < TOUCH_AGAIN_AFTER_MS) break;
    touchedAt.delete(session);
  }
  touchedAt.delete(sessionId);
  touchedAt.set(sessionId, now);
  touchSession(deps, sessionId).catch((error: unknown) =>
    deps.logger.warn({ err: error, sessionId }, 'could not record session activity'),
  );
}

async function applyOp(deps: CartDeps, context: CartDinerContext, opId: string, op: CartOp): Promise<CartAck> {
  const answer = await deps.carts.apply(context.sessionId, opId, op, context.diner);
  if (answer.ok) recordActivity(deps, context.sessionId);
  return answer;
}

/**
 * Adds an item to the table's cart, named and priced from the menu as diners
 * see it now: the item must be this restaurant's, available and not sold out,
 * and the options must be the item's own and satisfy every group's min/max.
 */
export async function addToCart(
  deps: CartDeps,
  context: CartDinerContext,
  input: z.output<typeof cartAddSchema>,
): Promise<CartAck> {
  const menu = await deps.menus.current(context.restaurantId);
  const item = menu?.items.get(input.itemId);
  if (!item) throw appError('ITEM_NOT_FOUND', { itemId: input.itemId }, 'That dish is not on this menu.');
  if (!item.available) {
    throw appError(
      'ITEM_UNAVAILABLE',
      { itemId: item.id, name: item.name },
      `${item.name} is not available right now.`,
    );
  }
  if (item.stockStatus === 'sold_out') {
    throw appError('SOLD_OUT', { itemId: item.id, name: item.name, left: 0 }, `${item.name} is sold out.`);
  }
  const choice = chooseOptions(item, input.optionIds);
  if (!choice.ok) throw appError(choice.code, choice.details, choice.message);
  return applyOp(deps, context, input.opId, {
    type: 'add',
    line: {
      lineId: randomUUID(),
      itemId: item.id,
      name: item.name,
      unitPriceCents: choice.unitPriceCents,
      quantity: input.quantity,
      options: choice.options,
      ...(input.note ? { note: input.note } : {}),
      addedBy: context.diner,
    },
  });
}

export function setLineQuantity(
  deps: CartDeps,
  context: CartDinerContext,
  input: z.output<typeof cartSetQuantitySchema>,
): Promise<CartAck> {
  return applyOp(deps, context, input.opId, { type: 'setQuantity', lineId: input.lineId, quantity: input.quantity });
}

export function removeLine(
  deps: CartDeps,
  context: CartDinerContext,
  input: z.output<typeof cartRemoveSchema>,
): Promise<CartAck> {
  return applyOp(deps, context, input.opId, { type: 'remove', lineId: input.lineId });
}

export function clearCart(
  deps: CartDeps,
  context: CartDinerContext,
  input: z.output<typeof cartClearSchema>,
): Promise<CartAck> {
  return applyOp(deps, context, input.opId, { type: 'clear' });
}
