import { randomUUID } from 'node:crypto';
import type { Order } from '@tableside/shared';
import { preparedAs, type Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import type { LocationVerdict } from './location.js';
import type { PlaceOrderInput } from './placeOrder.js';
import { presentOrder, type OrderItemRow, type OrderRow } from './present.js';
import type { PricedLine } from './pricing.js';
import { StockClaimLost, type StockClaim } from './stock.js';

export interface SaveOrderArgs {
  input: PlaceOrderInput;
  lines: PricedLine[];
  /** The stock-tracked items' claims, in item id order. */
  claims: StockClaim[];
  location: LocationVerdict;
  clientIp: string;
  currency: string;
  businessDate: string;
  /** Taken before the order is saved (takeTicketNumber). */
  number: number;
  now: Date;
}

export interface SavedOrder {
  order: Order;
  eventId: string;
  /** The restaurant's new menu version, when a stock change is one diners see (low, sold out). */
  menuVersion: number | undefined;
}

/**
 * Another request with the same Idempotency-Key saved its order first: the
 * unique index on (session, key) made this insert wait for that commit, then
 * refused it. The caller answers with the first order.
 */
export class SubmitAlreadySaved extends Error {
  constructor() {
    super('an order with this Idempotency-Key was saved first');
  }
}
const IDEMPOTENCY_INDEX = 'orders_session_id_idempotency_key_unique';
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
/** Raised by stock_claim_lost() (migration 007). */
const STOCK_CLAIM_LOST = 'TS409';

/**
 * The order as one statement, so one round trip and atomic without BEGIN and
 * COMMIT: stock, the order, its lines, its `placed` event and its outbox row.
 *
 * Stock is taken with an optimistic lock: each claimed row is read (stock,
 * version) and updated only where the version is still the one read and the
 * stock suffices. The read and the update travel together, so no other
 * order's commit slips in between; an update that waited behind another
 * writer re-checks the row as that writer left it. If any claim took
 * nothing, stock_claim_lost() fails the statement and nothing of it stays.
 * Claims come in item id order, and the update takes the rows in that order
 * (a nested loop over the claims), so two orders do not wait on each other
 * in a cycle; should the planner ever choose otherwise, Postgres breaks the
 * cycle and the order is run again.
 *
 * The menu version moves when a claim leaves its item at or below the
 * restaurant's low-stock threshold: every such change is one diners see
 * (`stockChangeIsVisible`, for a decrease), so the menu's ETag must change.
 *
 * Items whose stock is no longer tracked (or that were deleted) since they
 * were priced have nothing to take; a deleted item fails the lines' foreign key.
 */
const SAVE_ORDER = `
  with claim as (
    select * from rows from (jsonb_to_recordset(?::jsonb) as (item_id uuid, quantity int))
      with ordinality as c(item_id, quantity, n)
  ),
  current_row as (
    select m.id, m.version, claim.quantity
    from claim join menu_items m on m.id = claim.item_id and m.restaurant_id = ? and m.stock is not null
    order by claim.n
  ),
  taken as (
    update menu_items m set stock = m.stock - current_row.quantity, version = m.version + 1, updated_at = now()
    from current_row
    where m.id = current_row.id and m.version = current_row.version and m.stock >= current_row.quantity
    returning m.id, m.stock
  ),
  bumped as (
    update restaurants r set menu_version = r.menu_version + 1
    where r.id = ? and exists (select 1 from taken where taken.stock <= r.low_stock_threshold)
    returning r.menu_version
  ),
  saved_order as (
    insert into orders (id, restaurant_id, table_id, session_id, business_date, number, status,
      subtotal_cents, total_cents, currency, note, idempotency_key, cart_version, placed_by_diner_id,
      client_ip, gps_lat, gps_lng, gps_accuracy_m, location_distance_m, location_verdict, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, 'placed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    returning id
  ),
  saved_items as (
    insert into order_items (id, restaurant_id, order_id, menu_item_id, name, unit_price_cents,
      cart_unit_price_cents, quantity, line_total_cents, options, note, added_by_diner_id, added_by_name, position)
    select i.id, ?, (select id from saved_order), i.menu_item_id, i.name, i.unit_price_cents,
      i.cart_unit_price_cents, i.quantity, i.unit_price_cents * i.quantity, i.options, i.note,
      i.added_by_diner_id, i.added_by_name, i.position
    from jsonb_to_recordset(?::jsonb) as i(id uuid, menu_item_id uuid, name text, unit_price_cents int,
      cart_unit_price_cents int, quantity int, options jsonb, note text, added_by_diner_id uuid,
      added_by_name text, position int)
  ),
  saved_event as (
    insert into order_events (restaurant_id, order_id, from_status, to_status, actor_type, actor_id, created_at)
    select ?, id, null, 'placed', 'diner', ?, ? from saved_order
  ),
  saved_outbox as (
    insert into outbox (id, restaurant_id, type, payload, created_at) values (?, ?, 'order.placed', ?::jsonb, ?)
  )
  select case when (select count(*) from taken) < (select count(*) from current_row)
      then stock_claim_lost() end as refused,
    (select menu_version from bumped) as "menuVersion"`;

/**
 * Saves the order and takes its stock (SAVE_ORDER). Ids and times are chosen
 * here, so the event carries the order as everyone will see it. Throws
 * StockClaimLost when a claim found its row changed or short, having saved
 * and taken nothing.
 */
export async function saveOrder(db: Knex, args: SaveOrderArgs): Promise<SavedOrder> {
  const { input, lines, location, now } = args;
  const restaurantId = input.table.restaurantId;
  const totalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.cartLine.quantity, 0);
  const orderId = randomUUID();
  const eventId = randomUUID();
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

  const row: OrderRow = {
    id: orderId,
    restaurant_id: restaurantId,
    table_id: input.table.tableId,
    session_id: input.diner.session.id,
    number: args.number,
    status: 'placed',
    subtotal_cents: totalCents,
    total_cents: totalCents,
    currency: args.currency,
    note: input.note || null,
    idempotency_key: input.idempotencyKey,
    cart_version: input.cartVersion,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  const order = presentOrder(row, items, input.table.label);

  const { rows } = await db
    .raw<{ rows: { menuVersion: number | null }[] }>(SAVE_ORDER, [
      JSON.stringify(args.claims.map((claim) => ({ item_id: claim.itemId, quantity: claim.quantity }))),
      restaurantId,
      restaurantId,
      orderId,
      restaurantId,
      input.table.tableId,
      input.diner.session.id,
      args.businessDate,
      args.number,
      totalCents,
      totalCents,
      args.currency,
      input.note || null,
      input.idempotencyKey,
      input.cartVersion,
      input.diner.claims.dinerId,
      args.clientIp,
      input.location?.lat ?? null,
      input.location?.lng ?? null,
      input.location?.accuracyM ?? null,
      location.distanceM,
      location.verdict,
      now,
      now,
      restaurantId,
      JSON.stringify(items),
      restaurantId,
      input.diner.claims.dinerId,
      now,
      eventId,
      restaurantId,
      JSON.stringify({ order }),
      now,
    ])
    .options(preparedAs('orders.save'))
    .catch((error: unknown) => {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === STOCK_CLAIM_LOST) throw new StockClaimLost();
      if (code === UNIQUE_VIOLATION && constraint === IDEMPOTENCY_INDEX) throw new SubmitAlreadySaved();
      // An owner deleted an item between the re-pricing and this insert.
      if (code === FOREIGN_KEY_VIOLATION) {
        throw appError(
          'ITEM_UNAVAILABLE',
          undefined,
          'An item in the cart was just taken off the menu. Check the cart.',
        );
      }
      throw error;
    });
  return { order, eventId, menuVersion: rows[0]?.menuVersion ?? undefined };
}
