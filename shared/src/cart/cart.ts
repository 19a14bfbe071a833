import type { ErrorCode } from '../errors.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY, type CartLine, type CartState } from '../schemas/cart.js';

/**
 * The pure cart model. The server applies it inside its atomic compare-and-set
 * on Redis; the PWA applies it for optimistic updates. Ops here are already
 * resolved against the menu (names and prices filled in by the server).
 */
export interface Cart {
  version: number;
  lines: CartLine[];
}

export type CartOp =
  | { type: 'add'; line: CartLine }
  | { type: 'setQuantity'; lineId: string; quantity: number }
  | { type: 'remove'; lineId: string }
  | { type: 'clear' }
  /**
   * An order was placed from this cart: take out what it ordered, line by line
   * and quantity by quantity. What diners added while the order was being
   * saved stays in the cart for the next order, instead of vanishing unordered.
   */
  | { type: 'takeOrdered'; lines: { lineId: string; quantity: number }[] };

export type CartOpResult = { ok: true; cart: Cart } | { ok: false; code: ErrorCode; message: string };

export const EMPTY_CART: Cart = { version: 0, lines: [] };

/** Lines that are "the same thing" merge: same item, options, note and diner. */
function sameLine(a: CartLine, b: CartLine): boolean {
  const ids = (line: CartLine) =>
    line.options
      .map((option) => option.id)
      .sort()
      .join(',');
  return (
    a.itemId === b.itemId &&
    a.addedBy.dinerId === b.addedBy.dinerId &&
    (a.note ?? '') === (b.note ?? '') &&
    a.unitPriceCents === b.unitPriceCents &&
    ids(a) === ids(b)
  );
}

function refuse(code: ErrorCode, message: string): CartOpResult {
  return { ok: false, code, message };
}

/** The cart after `op`, with its version one higher; or why the op cannot apply. */
export function applyCartOp(cart: Cart, op: CartOp): CartOpResult {
  const next = (lines: CartLine[]): CartOpResult => ({ ok: true, cart: { version: cart.version + 1, lines } });
  switch (op.type) {
    case 'add': {
      const existing = cart.lines.find((line) => sameLine(line, op.line));
      if (existing) {
        const quantity = existing.quantity + op.line.quantity;
        if (quantity > MAX_LINE_QUANTITY) {
          return refuse('VALIDATION_FAILED', `At most ${MAX_LINE_QUANTITY} of one line.`);
        }
        return next(cart.lines.map((line) => (line === existing ? { ...line, quantity } : line)));
      }
      if (cart.lines.length >= MAX_CART_LINES) {
        return refuse('CART_FULL', `A cart holds at most ${MAX_CART_LINES} lines. Order what you have first.`);
      }
      return next([...cart.lines, op.line]);
    }
    case 'setQuantity':
    case 'remove': {
      if (!cart.lines.some((line) => line.lineId === op.lineId)) {
        return refuse('LINE_NOT_FOUND', 'That line is no longer in the cart.');
      }
      if (op.type === 'remove' || op.quantity === 0)
        return next(cart.lines.filter((line) => line.lineId !== op.lineId));
      return next(cart.lines.map((line) => (line.lineId === op.lineId ? { ...line, quantity: op.quantity } : line)));
    }
    case 'clear':
      return next([]);
    case 'takeOrdered': {
      const ordered = new Map(op.lines.map((line) => [line.lineId, line.quantity]));
      return next(
        cart.lines
          .map((line) => ({ ...line, quantity: line.quantity - (ordered.get(line.lineId) ?? 0) }))
          .filter((line) => line.quantity > 0),
      );
    }
  }
}

export function cartTotalCents(cart: Pick<Cart, 'lines'>): number {
  return cart.lines.reduce((total, line) => total + line.unitPriceCents * line.quantity, 0);
}

export function cartItemCount(cart: Pick<Cart, 'lines'>): number {
  return cart.lines.reduce((count, line) => count + line.quantity, 0);
}

export function presentCart(cart: Cart, updatedBy?: CartState['updatedBy']): CartState {
  return {
    version: cart.version,
    lines: cart.lines,
    totalCents: cartTotalCents(cart),
    ...(updatedBy ? { updatedBy } : {}),
  };
}
