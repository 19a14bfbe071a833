import { randomUUID } from 'node:crypto';
import type { Order } from '@tableside/shared';
import { preparedAs, type Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import type { LocationVerdict } from './location.js';
import type { PlaceOrderInput } from './placeOrder.js';
import { presentOrder, type OrderItemRow, type OrderRow } from './present.js';
import type { PricedLine } from './pricing.js';

export interface SaveOrderArgs {
  input: PlaceOrderInput;
  lines: PricedLine[];
  location: LocationVerdict;
  clientIp: string;
  currency: string;
  businessDate: string;
  /** Taken before the transaction (takeTicketNumber). */
  number: number;
  now: Date;
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

/**
 * The order's writes, first in its transaction: the order, its lines, its
 * `placed` event and its outbox row in ONE statement (one round trip). Stock
 * is taken after it, so a hot item's row stays locked only from its decrement
 * to the commit. Ids and times are chosen here, so the event can carry the
 * order as everyone will see it.
 */
export async function saveOrder(
  trx: Knex.Transaction,
  args: SaveOrderArgs,
): Promise<{ order: Order; eventId: string }> {
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

  const { number } = args;
  const row: OrderRow = {
    id: orderId,
    restaurant_id: restaurantId,
    table_id: input.table.tableId,
    session_id: input.diner.session.id,
    number,
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

  await trx
    .raw(
      `with saved_order as (
         insert into orders (id, restaurant_id, table_id, session_id, business_date, number, status,
           subtotal_cents, total_cents, currency, note, idempotency_key, cart_version, placed_by_diner_id,
           client_ip, gps_lat, gps_lng, gps_accuracy_m, location_distance_m, location_verdict, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, 'placed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         returning id
       ), saved_items as (
         insert into order_items (id, restaurant_id, order_id, menu_item_id, name, unit_price_cents,
           cart_unit_price_cents, quantity, line_total_cents, options, note, added_by_diner_id, added_by_name, position)
         select i.id, ?, (select id from saved_order), i.menu_item_id, i.name, i.unit_price_cents,
           i.cart_unit_price_cents, i.quantity, i.unit_price_cents * i.quantity, i.options, i.note,
           i.added_by_diner_id, i.added_by_name, i.position
         from jsonb_to_recordset(?::jsonb) as i(id uuid, menu_item_id uuid, name text, unit_price_cents int,
           cart_unit_price_cents int, quantity int, options jsonb, note text, added_by_diner_id uuid,
           added_by_name text, position int)
       ), saved_event as (
         insert into order_events (restaurant_id, order_id, from_status, to_status, actor_type, actor_id, created_at)
         select ?, id, null, 'placed', 'diner', ?, ? from saved_order
       )
       insert into outbox (id, restaurant_id, type, payload, created_at) values (?, ?, 'order.placed', ?::jsonb, ?)`,
      [
        orderId,
        restaurantId,
        input.table.tableId,
        input.diner.session.id,
        args.businessDate,
        number,
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
      ],
    )
    .options(preparedAs('orders.save'))
    .catch((error: unknown) => {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === '23505' && constraint === IDEMPOTENCY_INDEX) throw new SubmitAlreadySaved();
      // An owner deleted an item between the re-pricing and this insert.
      if (code === '23503') {
        throw appError(
          'ITEM_UNAVAILABLE',
          undefined,
          'An item in the cart was just taken off the menu. Check the cart.',
        );
      }
      throw error;
    });
  return { order, eventId };
}
