import { type Cart, type CartDiner, type LocationFix, type LocationPolicy, type Order } from '@tableside/shared';
import type { CartStore } from '../cart/index.js';
import type { Deps } from '../createServer.js';
import { announceMenuChanged, bumpMenuVersion } from '../menu/index.js';
import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import { publishCommitted } from '../outbox/index.js';
import { findDiner, type AuthenticatedDiner, type TableContext } from '../tables/index.js';
import { checkLocation, normalizeIp, type LocationRules } from './location.js';
import { priceCartLines, type PricedLine } from './pricing.js';
import { findOrderByIdempotencyKey, loadOrders, type OrderRow } from './repo.js';
import { saveOrder } from './saveOrder.js';
import { takeStock } from './stock.js';

export type OrderDeps = Pick<
  Deps,
  'db' | 'redis' | 'keys' | 'logger' | 'clock' | 'tables' | 'menus' | 'bus' | 'metrics'
> & {
  carts: CartStore;
};

export interface OrderSettings {
  stockRetryLimit: number;
  streamMaxLen: number;
  onStockRetry?: () => void;
}

export interface PlaceOrderInput {
  table: TableContext;
  diner: AuthenticatedDiner;
  idempotencyKey: string;
  cartVersion: number;
  location?: LocationFix;
  note?: string;
  /** The socket's address, or the one X-Forwarded-For names when TRUST_PROXY says to believe it. */
  clientIp: string;
}

/**
 * "Confirm order": the table's cart, as the server holds it, becomes an order.
 *
 *  0. a submit already seen (same Idempotency-Key in this session) answers the first order;
 *  1. the restaurant's location policy is checked (IP and/or GPS);
 *  2. the cart is read: not empty, and the version the diner confirmed;
 *  3. every line is re-read and re-priced from Postgres;
 *  4. stock is taken with an optimistic lock, all lines or none;
 *  5. order, lines, a `placed` event and an outbox row are saved in one transaction;
 *  6. after the commit the event goes to the `orders` stream (or later, by the relay);
 *  7. the cart is cleared for everyone at the table.
 */
export async function placeOrder(
  deps: OrderDeps,
  settings: OrderSettings,
  input: PlaceOrderInput,
): Promise<{ order: Order; replayed: boolean }> {
  const { table, diner } = input;
  const sessionId = diner.session.id;

  const seen = await replayOf(deps.db, input);
  if (seen) return { order: seen, replayed: true };

  const restaurant = await loadRestaurantRules(deps.db, table.restaurantId);
  const clientIp = normalizeIp(input.clientIp);
  const location = checkLocation(restaurant.rules, clientIp, input.location);

  const cart = await readConfirmedCart(deps.carts, sessionId, input.cartVersion);

  const saved = await retryOnDeadlock(() =>
    deps.db.transaction(async (trx) => {
      // Two submits with one key (a double tap) queue here; the second finds the first's order.
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`order:${sessionId}:${input.idempotencyKey}`]);
      const first = await findOrderByIdempotencyKey(trx, sessionId, input.idempotencyKey);
      if (first) return { replay: first };

      const lines = await priceCartLines(trx, table.restaurantId, cart.lines);
      const { visibleChange } = await takeStock(trx, stockClaims(lines), {
        retryLimit: settings.stockRetryLimit,
        lowThreshold: restaurant.lowStockThreshold,
        onRetry: settings.onStockRetry,
      });
      const menuVersion = visibleChange ? await bumpMenuVersion(trx, table.restaurantId) : undefined;
      const now = deps.clock.now();
      const { order, eventId } = await saveOrder(trx, {
        input,
        lines,
        location,
        clientIp,
        currency: restaurant.currency,
        businessDate: businessDate(now, restaurant.timezone),
        now,
      });
      return { order, eventId, menuVersion };
    }),
  );

  if ('replay' in saved) return { order: await answerReplay(deps.db, saved.replay!, input), replayed: true };

  await publishCommitted(
    deps,
    { id: saved.eventId, restaurantId: table.restaurantId, type: 'order.placed', payload: { order: saved.order } },
    settings.streamMaxLen,
  );
  await afterCommit(deps, input, saved.order, saved.menuVersion);
  return { order: saved.order, replayed: false };
}

const DEADLOCK = '40P01';

/**
 * Postgres breaks a lock cycle by failing one of its transactions; that
 * order was never saved, so it is simply run again (a few times at most).
 */
async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= attempts) throw error;
    }
  }
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

interface RestaurantRules {
  rules: LocationRules;
  currency: string;
  timezone: string;
  lowStockThreshold: number;
}

async function loadRestaurantRules(db: Knex, restaurantId: string): Promise<RestaurantRules> {
  const row = await db('restaurants')
    .where({ id: restaurantId })
    .first(
      'location_policy',
      'latitude',
      'longitude',
      'geofence_radius_m',
      db.raw('allowed_cidrs::text[] as allowed_cidrs'),
      'currency',
      'timezone',
      'low_stock_threshold',
    );
  if (!row) throw appError('TABLE_NOT_FOUND');
  return {
    rules: {
      policy: row.location_policy as LocationPolicy,
      latitude: row.latitude,
      longitude: row.longitude,
      radiusM: row.geofence_radius_m,
      allowedCidrs: row.allowed_cidrs,
    },
    currency: row.currency,
    timezone: row.timezone,
    lowStockThreshold: row.low_stock_threshold,
  };
}

async function readConfirmedCart(carts: CartStore, sessionId: string, cartVersion: number): Promise<Cart> {
  const cart = await carts.read(sessionId);
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

/** One claim per stock-tracked item, its quantities summed over the lines. */
function stockClaims(lines: PricedLine[]) {
  const claims = new Map<string, { itemId: string; name: string; quantity: number }>();
  for (const line of lines.filter((candidate) => candidate.tracksStock)) {
    const claim = claims.get(line.itemId) ?? { itemId: line.itemId, name: line.name, quantity: 0 };
    claim.quantity += line.cartLine.quantity;
    claims.set(line.itemId, claim);
  }
  return [...claims.values()];
}

/** The restaurant's local calendar date: ticket numbers start again at 1 every business day. */
export function businessDate(now: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Steps after the commit; none of them can undo the order, so their failures are logged, not thrown. */
async function afterCommit(
  deps: OrderDeps,
  input: PlaceOrderInput,
  order: Order,
  menuVersion: number | undefined,
): Promise<void> {
  const sessionId = input.diner.session.id;
  const log = deps.logger.child({ orderId: order.id, sessionId });
  const diner = await findDiner(deps.db, sessionId, input.diner.claims.dinerId);
  const by: CartDiner = diner
    ? { dinerId: diner.id, displayName: diner.display_name, color: diner.color }
    : { dinerId: input.diner.claims.dinerId, displayName: '', color: '#000000' };
  await deps.carts
    .apply(sessionId, `order-${order.id}`, { type: 'clear' }, by)
    .catch((error: unknown) => log.warn({ err: error }, 'could not clear the cart after an order'));
  if (menuVersion !== undefined) await announceMenuChanged(deps, input.table.restaurantId, menuVersion);
}
