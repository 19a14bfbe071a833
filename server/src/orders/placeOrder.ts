import { createHash } from 'node:crypto';
import { type Cart, type CartDiner, type LocationFix, type Order } from '@tableside/shared';
import type { CartStore } from '../cart/index.js';
import type { Deps } from '../createServer.js';
import { announceMenuChanged } from '../menu/index.js';
import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import { publishCommitted } from '../outbox/index.js';
import { findDiner, type AuthenticatedDiner, type SessionPolicy, type TableContext } from '../tables/index.js';
import { checkLocation, normalizeIp, type LocationVerdict } from './location.js';
import { priceCartLines, type PricedLine } from './pricing.js';
import { findOrderByCartFingerprint, findOrderByIdempotencyKey, loadOrders, type OrderRow } from './repo.js';
import { orderToSave, SubmitAlreadySaved } from './saveOrder.js';
import { soldOut, type StockClaim } from './stock.js';
import type { SaveBatches } from './saveBatches.js';
import { readSubmission } from './submission.js';

export type OrderDeps = Pick<
  Deps,
  'db' | 'redis' | 'keys' | 'logger' | 'clock' | 'tables' | 'menus' | 'bus' | 'metrics' | 'published'
> & {
  carts: CartStore;
};

export interface OrderSettings {
  sessions: SessionPolicy;
  /** This process's order saves (saveBatches.ts). */
  saves: SaveBatches;
  streamMaxLen: number;
}

/** A submit as the diner's phone sent it. */
export interface SubmitRequest {
  qrToken: string | undefined;
  dinerToken: string | undefined;
  idempotencyKey: string;
  cartVersion: number;
  location?: LocationFix;
  note?: string;
  /** The socket's address, or the one X-Forwarded-For names when TRUST_PROXY says to believe it. */
  clientIp: string;
}

/** A submit whose diner and table are known. */
export type PlaceOrderInput = Omit<SubmitRequest, 'qrToken' | 'dinerToken'> & {
  table: TableContext;
  diner: AuthenticatedDiner;
};

/**
 * "Confirm order": the table's cart, as the server holds it, becomes an order.
 *
 *  1. the cart is read, then the table, the diner's session, the cart's
 *     items and the restaurant's rules, in one query (submission.ts); the
 *     diner is checked as on every diner route, then the location policy
 *     (IP and/or GPS);
 *  2. the cart must not be empty, and be the version the diner confirmed
 *     (a submit refused by 1 or 2 that was already placed, same
 *     Idempotency-Key in this session, answers with the first order);
 *  3. every line is re-priced from the items as read in 1;
 *  4. in one statement, with the other orders of the moment (saveBatches.ts):
 *     stock with an optimistic lock, all lines or none, the day's next
 *     ticket number, and the order, its lines, a `placed` event and an
 *     outbox row (saveOrder.ts; a lost lock is retried or SOLD_OUT, see
 *     withStockLock in stock.ts). One order per cart: a submit of a cart
 *     already ordered (the same key retried, or a tablemate's phone at the
 *     same moment) answers with that order;
 *  5. after the commit the event goes to the `orders` stream (or later, by the relay);
 *  6. what it ordered leaves the cart, for everyone at the table (lines added meanwhile stay).
 */
export async function placeOrder(
  deps: OrderDeps,
  settings: OrderSettings,
  request: SubmitRequest,
): Promise<{ order: Order; replayed: boolean }> {
  const { qrToken, dinerToken, ...submit } = request;
  const {
    table,
    diner,
    cart: storedCart,
    restaurant,
    items,
  } = await readSubmission(deps, settings.sessions, qrToken, dinerToken);
  const input: PlaceOrderInput = { ...submit, table, diner };
  const sessionId = diner.session.id;
  const clientIp = normalizeIp(input.clientIp);
  let location: LocationVerdict;
  let cart: Cart;
  try {
    location = checkLocation(restaurant.rules, clientIp, input.location);
    cart = confirmedCart(storedCart, input.cartVersion);
  } catch (refusal) {
    // A retried submit usually lands here: its order cleared the cart.
    const seen = await replayOf(deps.db, input);
    if (seen) return { order: seen, replayed: true };
    throw refusal;
  }

  const lines = priceCartLines(items, cart.lines);
  const claims = stockClaims(lines);
  // Stock already short as read with the prices: refused without a try.
  const short = claims.find((claim) => claim.stockRead < claim.quantity);
  if (short) throw soldOut(short, short.stockRead);
  const now = deps.clock.now();
  const date = businessDate(now, restaurant.timezone);
  const fingerprint = cartFingerprint(cart);

  const saved = await settings.saves
    .save(
      orderToSave({
        input,
        cartFingerprint: fingerprint,
        lines,
        claims,
        location,
        clientIp,
        currency: restaurant.currency,
        businessDate: date,
        now,
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof SubmitAlreadySaved) return undefined;
      throw error;
    });

  if (!saved) {
    // Two submits with one key (a double tap), or of one cart (two phones of the table), at once: the first
    // one's order answers both.
    const first =
      (await findOrderByIdempotencyKey(deps.db, sessionId, input.idempotencyKey)) ??
      (await findOrderByCartFingerprint(deps.db, sessionId, fingerprint));
    return { order: await answerReplay(deps.db, first!, input), replayed: true };
  }

  await publishCommitted(
    deps,
    { id: saved.eventId, restaurantId: table.restaurantId, type: 'order.placed', payload: { order: saved.order } },
    settings.streamMaxLen,
  );
  await afterCommit(deps, input, cart, saved.order, saved.menuVersion);
  return { order: saved.order, replayed: false };
}

/** A submit whose key this session already used: the first order, or a refusal if it was another cart. */
async function replayOf(db: Knex, input: PlaceOrderInput): Promise<Order | undefined> {
  const first = await findOrderByIdempotencyKey(db, input.diner.session.id, input.idempotencyKey);
  return first ? answerReplay(db, first, input) : undefined;
}

async function answerReplay(db: Knex, first: OrderRow, input: PlaceOrderInput): Promise<Order> {
  if (first.cart_version !== input.cartVersion) {
    throw appError(
      'IDEMPOTENCY_KEY_REUSED',
      { orderId: first.id },
      'This submit key was already used for another version of the cart.',
    );
  }
  return (await loadOrders(db, [first]))[0]!;
}

function confirmedCart(cart: Cart, cartVersion: number): Cart {
  if (cart.version !== cartVersion) {
    throw appError(
      'CART_CHANGED',
      { currentVersion: cart.version },
      'The cart changed while you were ordering. Check it and confirm again.',
    );
  }
  if (cart.lines.length === 0) throw appError('CART_EMPTY', undefined, 'The cart is empty.');
  return cart;
}

/**
 * Which cart this is, as the server read it: its version and its lines' ids
 * and quantities. Two phones submitting one cart give one fingerprint; a cart
 * rebuilt after Redis lost it may repeat a version, never its lines' ids.
 */
export function cartFingerprint(cart: Cart): string {
  const lines = cart.lines.map((line) => `${line.lineId}x${line.quantity}`).sort();
  return createHash('sha256')
    .update(`${cart.version}:${lines.join(',')}`)
    .digest('base64url');
}

/** One claim per stock-tracked item, its quantities summed over the lines, with the stock read when pricing. */
function stockClaims(lines: PricedLine[]): (StockClaim & { stockRead: number })[] {
  const claims = new Map<string, StockClaim & { stockRead: number }>();
  for (const line of lines) {
    if (line.stock === null) continue;
    const claim = claims.get(line.itemId) ?? {
      itemId: line.itemId,
      name: line.name,
      quantity: 0,
      stockRead: line.stock,
    };
    claim.quantity += line.cartLine.quantity;
    claims.set(line.itemId, claim);
  }
  return [...claims.values()];
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The restaurant's local calendar date: ticket numbers start again at 1 every business day. */
export function businessDate(now: Date, timezone: string): string {
  let format = dateFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timezone, format);
  }
  return format.format(now);
}

/** Steps after the commit; none of them can undo the order, so their failures are logged, not thrown. */
async function afterCommit(
  deps: OrderDeps,
  input: PlaceOrderInput,
  cart: Cart,
  order: Order,
  menuVersion: number | undefined,
): Promise<void> {
  const sessionId = input.diner.session.id;
  const log = deps.logger.child({ orderId: order.id, sessionId });
  const by = await whoOrdered(deps.db, input, cart);
  await deps.carts
    .apply(
      sessionId,
      `order-${order.id}`,
      { type: 'takeOrdered', lines: cart.lines.map(({ lineId, quantity }) => ({ lineId, quantity })) },
      by,
    )
    .catch((error: unknown) => log.warn({ err: error }, 'could not take the ordered lines out of the cart'));
  if (menuVersion !== undefined) await announceMenuChanged(deps, input.table.restaurantId, menuVersion);
}

/** The diner who submitted, as the table sees them: from a line they added, or else from Postgres. */
async function whoOrdered(db: Knex, input: PlaceOrderInput, cart: Cart): Promise<CartDiner> {
  const dinerId = input.diner.claims.dinerId;
  const theirs = cart.lines.find((line) => line.addedBy.dinerId === dinerId);
  if (theirs) return theirs.addedBy;
  const diner = await findDiner(db, input.diner.session.id, dinerId);
  return diner
    ? { dinerId: diner.id, displayName: diner.display_name, color: diner.color }
    : { dinerId, displayName: '', color: '#000000' };
}
