import { randomBytes } from 'node:crypto';
import { queryBenchDatabase } from './benchDatabase.js';
import { DEMO_SLUG } from './cartFixtures.js';
import { dishesPerThird } from './orderMix.js';

/** What the ceiling's transactions write with: rows made for it in the bench database. */
export interface OrderCeiling {
  restaurantId: string;
  currency: string;
  tableId: string;
  sessionId: string;
  dishesPerThird: number;
}

/**
 * Readies the bench database for the ceiling's script: `bench_ceiling_dishes`
 * numbers the dishes 1..n in id order (pgbench draws numbers, not UUIDs);
 * `bench_ceiling_payload` holds one real `order.placed` outbox payload of the
 * run, for every ceiling order's outbox row; and a table of its own with an
 * open session owns the ceiling's orders. Run it after the server placed
 * orders, and after the server has stopped: its relay would publish the
 * ceiling's outbox rows.
 */
export async function prepareOrderCeiling(dishIds: string[]): Promise<OrderCeiling> {
  await queryBenchDatabase('create table bench_ceiling_dishes (n int primary key, item_id uuid not null)');
  await queryBenchDatabase(
    'insert into bench_ceiling_dishes select n, item_id from unnest($1::uuid[]) with ordinality as d(item_id, n)',
    [dishIds],
  );
  await queryBenchDatabase(
    `create table bench_ceiling_payload as
     select payload from outbox where type = 'order.placed' order by created_at limit 1`,
  );
  const [payload] = await queryBenchDatabase<{ count: number }>(
    'select count(*)::int as count from bench_ceiling_payload',
  );
  if (payload?.count !== 1) throw new Error('the ceiling needs one order placed by the server first');
  const [row] = await queryBenchDatabase<Omit<OrderCeiling, 'dishesPerThird'>>(
    `with restaurant as (select id, currency from restaurants where slug = $1),
     tbl as (
       insert into tables (restaurant_id, label, qr_token, active)
       select id, 'Ceiling', $2, false from restaurant
       returning id, restaurant_id
     ),
     session as (
       insert into table_sessions (restaurant_id, table_id) select restaurant_id, id from tbl returning id
     )
     select r.id as "restaurantId", r.currency, tbl.id as "tableId", session.id as "sessionId"
     from restaurant r, tbl, session`,
    [DEMO_SLUG, randomBytes(24).toString('base64url')],
  );
  if (!row) throw new Error('the demo restaurant is missing from the bench database');
  return { ...row, dishesPerThird: dishesPerThird(dishIds.length) };
}

/**
 * The SQL of placeOrder's writes as pgbench transactions, in the server's
 * order: three dishes read with their prices (drawn as orderMix.ts draws
 * them, or the hot dish first), the ticket number in a statement of its own
 * (committed asynchronously, as takeTicketNumber does), then in one
 * transaction the order, its three lines (one INSERT, as the server writes
 * them), the `placed` event, the outbox row (its payload copied from the
 * one-row `bench_ceiling_payload`) and last one unit of each dish
 * (`... where id = ? and stock >= 1`). What else the server reads (the
 * idempotency lookup, the stock and version in each optimistic update) is
 * left out: the ceiling is the writes alone.
 */
export function orderCeilingScript(ceiling: OrderCeiling, hotDishId?: string): string {
  const { restaurantId: r, currency, tableId, sessionId, dishesPerThird: third } = ceiling;
  const read = (name: string, which: string) =>
    `select m.id as item_${name}, m.name as name_${name}, m.price_cents as price_${name} from menu_items m ${which} \\gset`;
  const fromThird = (name: string) => `join bench_ceiling_dishes d on m.id = d.item_id where d.n = :${name}`;
  const take = (name: string) =>
    `update menu_items set stock = stock - 1, version = version + 1, updated_at = now() where id = ':item_${name}' and stock >= 1;`;
  const line = (name: string, position: number) =>
    `('${r}', ':order_id', ':item_${name}', ':name_${name}', :price_${name}, :price_${name}, 1, :price_${name}, '[]', ${position})`;
  return `\\set a random(1, ${third})
\\set b ${third} + random(1, ${third})
\\set c ${2 * third} + random(1, ${third})
${hotDishId ? read('a', `where m.id = '${hotDishId}'`) : read('a', fromThird('a'))}
${read('b', fromThird('b'))}
${read('c', fromThird('c'))}
insert into ticket_counters (restaurant_id, business_date, last_number)
  select '${r}', current_date, 1 from (select set_config('synchronous_commit', 'off', true)) as async_commit
  on conflict (restaurant_id, business_date) do update set last_number = ticket_counters.last_number + 1
  returning last_number \\gset
begin;
insert into orders (restaurant_id, table_id, session_id, business_date, number, status, subtotal_cents, total_cents,
    currency, idempotency_key, cart_version, cart_fingerprint, client_ip, location_verdict)
  values ('${r}', '${tableId}', '${sessionId}', current_date, :last_number, 'placed', :price_a + :price_b + :price_c,
    :price_a + :price_b + :price_c, '${currency}', gen_random_uuid(), 3, gen_random_uuid()::text, '127.0.0.1',
    'not_required')
  returning id as order_id \\gset
insert into order_items (restaurant_id, order_id, menu_item_id, name, unit_price_cents, cart_unit_price_cents,
    quantity, line_total_cents, options, position)
  values ${line('a', 0)}, ${line('b', 1)}, ${line('c', 2)};
insert into order_events (restaurant_id, order_id, from_status, to_status, actor_type)
  values ('${r}', ':order_id', null, 'placed', 'diner');
insert into outbox (restaurant_id, type, payload) select '${r}', 'order.placed', payload from bench_ceiling_payload;
${take('a')}
${take('b')}
${take('c')}
end;
`;
}
