import { queryBenchDatabase } from './benchDatabase.js';
import type { KitchenReceipt } from './kiosk.js';
import type { OrderAttempt } from './orderLoad.js';
import type { Check } from './orderChecks.js';
import { formatCount } from './report.js';
import type { GroupRestaurant } from './restaurantGroup.js';

/** What the run saw, to check against the books in Postgres once the servers have stopped. */
export interface GroupRun {
  restaurants: GroupRestaurant[];
  /** Units of every stock-tracked dish but the specials at the start. */
  plenty: number;
  specialStock: number;
  attempts: OrderAttempt[];
  /** Units each 201 order held (its cart's lines). */
  unitsPerOrder: number;
  /** What restaurant i's kiosk received, at index i. */
  kioskReceipts: KitchenReceipt[][];
  /** The order ids each table's diners heard of, by table index, and the table ids in that order. */
  ordersHeard: Set<string>[];
  tableIds: string[];
  /** Seen by the diners' sockets as they received them (groupDiners.ts). */
  dinerLeaks: { cartLines: number; ordersOfOtherTables: number };
}

const check = (label: string, measured: number, expected: number, ok = measured === expected): Check => ({
  label,
  measured: formatCount(measured),
  expected: formatCount(expected),
  ok,
});

interface BookOrder {
  id: string;
  table_id: string;
  restaurant_id: string;
}

/**
 * The guarantees, checked in the books: every 201 in Postgres exactly once
 * and nothing else there; every one at its restaurant's kiosk under one event
 * (at least once delivery, de-duplicated by event id); stock taken exactly by
 * the order lines and never below zero; nothing of one restaurant or table at
 * another's kiosk or phones.
 */
export async function groupBookChecks(run: GroupRun): Promise<Check[]> {
  const restaurantIds = run.restaurants.map((restaurant) => restaurant.id);
  const books = new Map(
    (
      await queryBenchDatabase<BookOrder>(
        'select id, table_id, restaurant_id from orders where restaurant_id = any($1::uuid[])',
        [restaurantIds],
      )
    ).map((order) => [order.id, order]),
  );
  const placedIds = run.attempts.flatMap((attempt) => (attempt.outcome === 'placed' ? [attempt.orderId!] : []));
  const placed = new Set(placedIds);
  const unanswered = run.attempts.filter((attempt) => attempt.error === 'no answer').length;
  const [units] = await queryBenchDatabase<{ units: number }>(
    'select coalesce(sum(quantity), 0)::int as units from order_items where order_id = any($1::uuid[])',
    [placedIds],
  );

  let missing = 0;
  let announcedTwice = 0;
  let kioskLeaks = 0;
  run.restaurants.forEach((restaurant, index) => {
    const events = new Map<string, Set<string>>();
    for (const receipt of run.kioskReceipts[index] ?? []) {
      if (books.get(receipt.orderId)?.restaurant_id !== restaurant.id) {
        kioskLeaks++;
        continue;
      }
      events.set(receipt.orderId, (events.get(receipt.orderId) ?? new Set()).add(receipt.eventId));
    }
    for (const orderId of placed) {
      if (books.get(orderId)?.restaurant_id !== restaurant.id) continue;
      const announced = events.get(orderId)?.size ?? 0;
      if (announced === 0) missing++;
      if (announced > 1) announcedTwice++;
    }
  });
  let heardElsewhere = 0;
  run.ordersHeard.forEach((orderIds, table) => {
    for (const orderId of orderIds) if (books.get(orderId)?.table_id !== run.tableIds[table]) heardElsewhere++;
  });

  const stock = await queryBenchDatabase<{ id: string; stock: number; sold: number }>(
    `select i.id, i.stock, coalesce(sum(l.quantity), 0)::int as sold
     from menu_items i left join order_items l on l.menu_item_id = i.id
     where i.restaurant_id = any($1::uuid[]) and i.stock is not null
     group by i.id, i.stock`,
    [restaurantIds],
  );
  const specials = new Set(run.restaurants.map((restaurant) => restaurant.specialId));
  const initial = (id: string) => (specials.has(id) ? run.specialStock : run.plenty);
  const lowest = Math.min(...stock.map((item) => item.stock));
  const soldOut = stock.filter((item) => specials.has(item.id) && item.stock === 0).length;

  return [
    check(
      'books: 201 orders in Postgres (each id once)',
      placedIds.filter((id) => books.has(id)).length,
      placedIds.length,
      placed.size === placedIds.length && placedIds.every((id) => books.has(id)),
    ),
    {
      label: 'books: orders in Postgres without a 201',
      measured: formatCount(books.size - placed.size),
      expected: `<= ${formatCount(unanswered)} (POSTs never answered)`,
      ok: books.size - placed.size <= unanswered,
    },
    check(
      `books: units on the 201 orders' lines = ${run.unitsPerOrder} × 201s`,
      units?.units ?? NaN,
      run.unitsPerOrder * placed.size,
    ),
    check("kitchen: 201 orders that never reached their restaurant's kiosk", missing, 0),
    check('kitchen: 201 orders announced to the kiosk as two different events', announcedTwice, 0),
    {
      label: 'stock: lowest of any dish',
      measured: formatCount(lowest),
      expected: '>= 0',
      ok: lowest >= 0,
    },
    check(
      'stock: dishes whose units taken != units on order lines',
      stock.filter((item) => initial(item.id) - item.stock !== item.sold).length,
      0,
    ),
    {
      label: `stock: specials sold beyond their ${run.specialStock} units (${soldOut} of ${specials.size} sold out)`,
      measured: formatCount(stock.filter((item) => specials.has(item.id) && item.sold > run.specialStock).length),
      expected: '0',
      ok: stock.every((item) => !specials.has(item.id) || item.sold <= run.specialStock),
    },
    check("leaks: another restaurant's orders at a kiosk", kioskLeaks, 0),
    check("leaks: another table's orders heard by diners", heardElsewhere + run.dinerLeaks.ordersOfOtherTables, 0),
    check("leaks: cart states with another restaurant's dishes", run.dinerLeaks.cartLines, 0),
  ];
}
