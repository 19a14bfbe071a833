import { randomUUID } from 'node:crypto';
import type { Order } from '@tableside/shared';
import { preparedAs, type Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import type { LocationVerdict } from './location.js';
import type { PlaceOrderInput } from './placeOrder.js';
import { presentOrder, type OrderItemRow } from './present.js';
import type { PricedLine } from './pricing.js';
import { StockClaimLost, type StockClaim } from './stock.js';

export interface SaveOrderArgs {
  input: PlaceOrderInput;
  /** Which cart this is (cartFingerprint in placeOrder.ts): one order per cart. */
  cartFingerprint: string;
  lines: PricedLine[];
  /** The stock-tracked items' claims, one per item. */
  claims: StockClaim[];
  location: LocationVerdict;
  clientIp: string;
  currency: string;
  businessDate: string;
  now: Date;
}

/** An order with its ids chosen and its rows built, ready for SAVE_ORDERS (alone or with others). */
export interface OrderToSave {
  restaurantId: string;
  claims: StockClaim[];
  /** The order as everyone will see it; the event carries it. */
  order: Order;
  eventId: string;
  row: Record<string, unknown>;
  items: OrderItemRow[];
}

export interface SavedOrder {
  order: Order;
  eventId: string;
  /** The restaurant's new menu version, when a stock change is one diners see (low, sold out). */
  menuVersion: number | undefined;
}

/**
 * Another submit with the same Idempotency-Key, or of the very same cart (a
 * tablemate's phone), saved its order first: a unique index on the session
 * and the key, or the cart's fingerprint, made this insert wait for that
 * commit, then refused it. The caller answers with the first order.
 */
export class SubmitAlreadySaved extends Error {
  constructor() {
    super('an order with this Idempotency-Key, or of this cart, was saved first');
  }
}
const ONE_ORDER_PER_SUBMIT = new Set([
  'orders_session_id_idempotency_key_unique',
  'orders_session_id_cart_fingerprint_unique',
]);
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
/** Raised by stock_claim_lost() (migration 007). */
const STOCK_CLAIM_LOST = 'TS409';

/** An owner deleted an item between the re-pricing and the save. */
const itemJustRemoved = () =>
  appError('ITEM_UNAVAILABLE', undefined, 'An item in the cart was just taken off the menu. Check the cart.');

/**
 * Orders as one statement, so one round trip and one commit, atomic without
 * BEGIN and COMMIT: their stock, their ticket numbers, then the orders, their
 * lines, their `placed` events and outbox rows.
 *
 * Stock is taken with an optimistic lock, one claim per item (the orders'
 * quantities of it summed): each claimed row is read (stock, version) and
 * updated only where the version is still the one read and the stock
 * suffices. The version moves by one per order, as if each had come alone. The read and the update travel together, so no other order's
 * commit slips in between; an update that waited behind another writer
 * re-checks the row as that writer left it. If any claim took nothing,
 * stock_claim_lost() fails the statement and nothing of it stays. Claims come
 * in item id order, and the update takes the rows in that order (a nested
 * loop over the claims), so two statements do not wait on each other in a
 * cycle; should the planner ever choose otherwise, Postgres breaks the cycle
 * and the statement is run again.
 *
 * A restaurant's menu version moves when a claim leaves one of its items at
 * or below its low-stock threshold: every such change is one diners see
 * (`stockChangeIsVisible`, for a decrease), so the menu's ETag must change.
 *
 * Ticket numbers count each restaurant's business day from 1, in the order
 * the orders come in the statement: the day's counter moves by the number of
 * orders, so only saved orders take numbers, and the day has no gaps. The
 * counter row stays locked until the commit; in a process one save statement
 * runs at a time (saveBatches.ts), so only other instances' wait for it.
 *
 * Items whose stock is no longer tracked (or that were deleted) since they
 * were priced have nothing to take; a deleted item fails the lines' foreign key.
 */
const SAVE_ORDERS = `
  with claim as (
    select * from rows from (jsonb_to_recordset(?::jsonb) as (item_id uuid, restaurant_id uuid, quantity int,
      orders int)) with ordinality as c(item_id, restaurant_id, quantity, orders, n)
  ),
  current_row as (
    select m.id, m.version, claim.quantity, claim.orders
    from claim join menu_items m
      on m.id = claim.item_id and m.restaurant_id = claim.restaurant_id and m.stock is not null
    order by claim.n
  ),
  taken as (
    update menu_items m
    set stock = m.stock - current_row.quantity, version = m.version + current_row.orders, updated_at = now()
    from current_row
    where m.id = current_row.id and m.version = current_row.version and m.stock >= current_row.quantity
    returning m.id, m.restaurant_id, m.stock
  ),
  bumped as (
    update restaurants r set menu_version = r.menu_version + 1
    where r.id in (select restaurant_id from claim)
      and exists (select 1 from taken where taken.restaurant_id = r.id and taken.stock <= r.low_stock_threshold)
    returning r.id, r.menu_version
  ),
  new_order as (
    select * from rows from (jsonb_to_recordset(?::jsonb) as (id uuid, restaurant_id uuid, table_id uuid,
      session_id uuid, business_date date, total_cents int, currency text, note text, idempotency_key uuid,
      cart_version int, cart_fingerprint text, placed_by_diner_id uuid, client_ip inet, gps_lat float8,
      gps_lng float8, gps_accuracy_m float8, location_distance_m float8, location_verdict text, created_at timestamptz))
      with ordinality as o(id, restaurant_id, table_id, session_id, business_date, total_cents, currency, note,
        idempotency_key, cart_version, cart_fingerprint, placed_by_diner_id, client_ip, gps_lat, gps_lng,
        gps_accuracy_m, location_distance_m, location_verdict, created_at, n)
  ),
  counted as (
    insert into ticket_counters (restaurant_id, business_date, last_number)
    select restaurant_id, business_date, count(*) from new_order group by restaurant_id, business_date
    on conflict (restaurant_id, business_date)
    do update set last_number = ticket_counters.last_number + excluded.last_number
    returning restaurant_id, business_date, last_number
  ),
  numbered as (
    select o.*, c.last_number - count(*) over same_day + row_number() over (same_day order by o.n) as number
    from new_order o join counted c using (restaurant_id, business_date)
    window same_day as (partition by o.restaurant_id, o.business_date)
  ),
  saved_orders as (
    insert into orders (id, restaurant_id, table_id, session_id, business_date, number, status,
      subtotal_cents, total_cents, currency, note, idempotency_key, cart_version, cart_fingerprint,
      placed_by_diner_id, client_ip, gps_lat, gps_lng, gps_accuracy_m, location_distance_m, location_verdict,
      created_at, updated_at)
    select id, restaurant_id, table_id, session_id, business_date, number, 'placed',
      total_cents, total_cents, currency, note, idempotency_key, cart_version, cart_fingerprint, placed_by_diner_id,
      client_ip, gps_lat, gps_lng, gps_accuracy_m, location_distance_m, location_verdict, created_at, created_at
    from numbered
    returning id, restaurant_id, number, placed_by_diner_id, created_at
  ),
  saved_items as (
    insert into order_items (id, restaurant_id, order_id, menu_item_id, name, unit_price_cents,
      cart_unit_price_cents, quantity, line_total_cents, options, note, added_by_diner_id, added_by_name, position)
    select i.id, i.restaurant_id, i.order_id, i.menu_item_id, i.name, i.unit_price_cents,
      i.cart_unit_price_cents, i.quantity, i.unit_price_cents * i.quantity, i.options, i.note,
      i.added_by_diner_id, i.added_by_name, i.position
    from jsonb_to_recordset(?::jsonb) as i(id uuid, restaurant_id uuid, order_id uuid, menu_item_id uuid,
      name text, unit_price_cents int, cart_unit_price_cents int, quantity int, options jsonb, note text,
      added_by_diner_id uuid, added_by_name text, position int)
  ),
  saved_events as (
    insert into order_events (restaurant_id, order_id, from_status, to_status, actor_type, actor_id, created_at)
    select restaurant_id, id, null, 'placed', 'diner', placed_by_diner_id, created_at from saved_orders
  ),
  saved_outbox as (
    insert into outbox (id, restaurant_id, type, payload, created_at)
    select e.id, e.restaurant_id, 'order.placed', jsonb_set(e.payload, '{order,number}', to_jsonb(o.number)),
      e.created_at
    from jsonb_to_recordset(?::jsonb) as e(id uuid, order_id uuid, restaurant_id uuid, payload jsonb,
      created_at timestamptz)
    join saved_orders o on o.id = e.order_id
  )
  select case when (select count(*) from taken) < (select count(*) from current_row)
      then stock_claim_lost() end as refused,
    (select json_object_agg(id, number) from saved_orders) as numbers,
    (select coalesce(json_object_agg(id, menu_version), '{}') from bumped) as "menuVersions"`;

/** Chooses the order's ids and builds its rows, once: a batch that falls back saves the same order again alone. */
export function orderToSave(args: SaveOrderArgs): OrderToSave {
  const { input, lines, location, now } = args;
  const restaurantId = input.table.restaurantId;
  const totalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.cartLine.quantity, 0);
  const orderId = randomUUID();
  const items: OrderItemRow[] = lines.map((line, position) => ({
    id: randomUUID(),
    order_id: orderId,
    menu_item_id: line.itemId,
    name: line.name,
    unit_price_cents: line.unitPriceCents,
    cart_unit_price_cents: line.cartLine.unitPriceCents,
    quantity: line.cartLine.quantity,
    options: line.options,
    note: line.cartLine.note ?? null,
    added_by_diner_id: line.cartLine.addedBy.dinerId,
    added_by_name: line.cartLine.addedBy.displayName,
    position,
  }));
  const row = {
    id: orderId,
    restaurant_id: restaurantId,
    table_id: input.table.tableId,
    session_id: input.diner.session.id,
    business_date: args.businessDate,
    total_cents: totalCents,
    currency: args.currency,
    note: input.note || null,
    idempotency_key: input.idempotencyKey,
    cart_version: input.cartVersion,
    cart_fingerprint: args.cartFingerprint,
    placed_by_diner_id: input.diner.claims.dinerId,
    client_ip: args.clientIp,
    gps_lat: input.location?.lat ?? null,
    gps_lng: input.location?.lng ?? null,
    gps_accuracy_m: input.location?.accuracyM ?? null,
    location_distance_m: location.distanceM,
    location_verdict: location.verdict,
    created_at: now,
  };
  // Its number comes with the save.
  const order = presentOrder(
    { ...row, number: 0, status: 'placed', subtotal_cents: totalCents, version: 1, updated_at: now },
    items,
    input.table.label,
  );
  return { restaurantId, claims: args.claims, order, eventId: randomUUID(), row, items };
}

/**
 * Saves the orders and takes their stock (SAVE_ORDERS). Throws
 * StockClaimLost when a claim found its row changed or short, and
 * SubmitAlreadySaved when one of them was saved before; either way nothing
 * of any of them was saved.
 */
export async function saveOrders(db: Knex, orders: OrderToSave[]): Promise<SavedOrder[]> {
  const claims = new Map<string, { item_id: string; restaurant_id: string; quantity: number; orders: number }>();
  for (const { restaurantId, claims: own } of orders) {
    for (const claim of own) {
      const summed = claims.get(claim.itemId) ?? {
        item_id: claim.itemId,
        restaurant_id: restaurantId,
        quantity: 0,
        orders: 0,
      };
      summed.quantity += claim.quantity;
      summed.orders += 1;
      claims.set(claim.itemId, summed);
    }
  }
  // In item id order, as their rows are taken.
  const sortedClaims = [...claims.values()].sort((a, b) =>
    a.item_id < b.item_id ? -1 : a.item_id > b.item_id ? 1 : 0,
  );
  const { rows } = await db
    .raw<{ rows: { numbers: Record<string, number>; menuVersions: Record<string, number> }[] }>(SAVE_ORDERS, [
      JSON.stringify(sortedClaims),
      JSON.stringify(orders.map((order) => order.row)),
      JSON.stringify(
        orders.flatMap((order) => order.items.map((item) => ({ ...item, restaurant_id: order.restaurantId }))),
      ),
      JSON.stringify(
        orders.map((order) => ({
          id: order.eventId,
          order_id: order.order.id,
          restaurant_id: order.restaurantId,
          payload: { order: order.order },
          created_at: order.row.created_at,
        })),
      ),
    ])
    .options(preparedAs('orders.save'))
    .catch((error: unknown) => {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === STOCK_CLAIM_LOST) throw new StockClaimLost();
      if (code === UNIQUE_VIOLATION && ONE_ORDER_PER_SUBMIT.has(constraint ?? '')) throw new SubmitAlreadySaved();
      if (code === FOREIGN_KEY_VIOLATION) throw itemJustRemoved();
      throw error;
    });
  const { numbers, menuVersions } = rows[0]!;
  return orders.map(({ order, eventId, restaurantId }) => ({
    order: { ...order, number: numbers[order.id]! },
    eventId,
    menuVersion: menuVersions[restaurantId],
  }));
}
