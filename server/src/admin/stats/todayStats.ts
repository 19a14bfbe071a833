import type { TodayStats } from '@tableside/shared';
import type { Clock } from '../../platform/clock.js';
import type { Knex } from '../../platform/db.js';
import { businessDate } from '../../orders/index.js';

const TOP_ITEMS = 5;

/**
 * The restaurant's business day so far, computed in SQL: the day is the
 * restaurant's local date (the same `business_date` ticket numbers restart
 * on), hours are local hours. Cancelled orders are counted apart and never
 * add to revenue, the average ticket or the top items.
 */
export async function todayStats(deps: { db: Knex; clock: Clock }, restaurantId: string): Promise<TodayStats> {
  const { db } = deps;
  const restaurant = await db('restaurants').where({ id: restaurantId }).first('timezone', 'currency');
  const date = businessDate(deps.clock.now(), restaurant.timezone);
  const today = () => db('orders').where({ restaurant_id: restaurantId, business_date: date });

  const [totals] = (await today().select(
    db.raw(`count(*) filter (where status <> 'cancelled')::int as orders`),
    db.raw(`count(*) filter (where status = 'cancelled')::int as cancelled`),
    db.raw(`coalesce(sum(total_cents) filter (where status <> 'cancelled'), 0)::bigint as revenue`),
    db.raw(`coalesce(round(avg(total_cents) filter (where status <> 'cancelled')), 0)::bigint as average`),
  )) as { orders: number; cancelled: number; revenue: string; average: string }[];

  const hour = db.raw('extract(hour from created_at at time zone ?)::int', [restaurant.timezone]);
  const perHour = (await today()
    .whereNot({ status: 'cancelled' })
    .select({ hour })
    .count({ orders: '*' })
    .sum({ revenue: 'total_cents' })
    .groupByRaw('1')
    .orderByRaw('1')) as unknown as { hour: number; orders: string; revenue: string }[];

  const topItems = (await db('order_items as i')
    .join('orders as o', function () {
      this.on('o.id', 'i.order_id').andOn('o.restaurant_id', 'i.restaurant_id');
    })
    .where({ 'o.restaurant_id': restaurantId, 'o.business_date': date })
    .whereNot({ 'o.status': 'cancelled' })
    .groupBy('i.name')
    .select('i.name')
    .sum({ quantity: 'i.quantity', revenue: 'i.line_total_cents' })
    .orderBy([
      { column: 'quantity', order: 'desc' },
      { column: 'i.name', order: 'asc' },
    ])
    .limit(TOP_ITEMS)) as unknown as { name: string; quantity: string; revenue: string }[];

  return {
    date,
    timezone: restaurant.timezone,
    currency: restaurant.currency,
    orders: totals!.orders,
    cancelledOrders: totals!.cancelled,
    revenueCents: Number(totals!.revenue),
    averageTicketCents: Number(totals!.average),
    perHour: perHour.map((row) => ({ hour: row.hour, orders: Number(row.orders), revenueCents: Number(row.revenue) })),
    topItems: topItems.map((row) => ({
      name: row.name,
      quantity: Number(row.quantity),
      revenueCents: Number(row.revenue),
    })),
  };
}
