import { queryBenchDatabase } from './benchDatabase.js';
import { DEMO_SLUG } from './cartFixtures.js';

export interface StockedDishes {
  /** Stock-tracked dishes, in id order (the order the server takes stock in). */
  dishIds: string[];
  /** One more stock-tracked dish, for every order to share. */
  hotDishId: string;
}

/**
 * The hot dish's id sorts before every other dish's. The server takes stock
 * in id order, so it decrements the hot dish first and holds its row lock for
 * the rest of the transaction: the worst of the places it could have in an
 * order, and the place the ceiling's script gives it too.
 */
const HOT_DISH_ID = '00000000-0000-4000-8000-000000000001';

/**
 * Adds a category of `count` stock-tracked dishes (no options, `stock` units
 * each) and the hot dish (`hotStock` units) to the demo restaurant.
 */
export async function addStockedDishes(count: number, stock: number, hotStock: number): Promise<StockedDishes> {
  const rows = await queryBenchDatabase<{ id: string }>(
    `with category as (
       insert into menu_categories (restaurant_id, name, position)
       select id, 'Bench stock', 1000 from restaurants where slug = $1
       returning id, restaurant_id
     ), hot as (
       insert into menu_items (id, restaurant_id, category_id, name, price_cents, stock, position)
       select $5::uuid, restaurant_id, id, 'Bench special', 1500, $4::int, 0 from category
     )
     insert into menu_items (restaurant_id, category_id, name, price_cents, stock, position)
     select c.restaurant_id, c.id, 'Bench dish ' || n, 800 + 100 * (n % 7), $3::int, n
     from category c, generate_series(1, $2::int) n
     returning id`,
    [DEMO_SLUG, count, stock, hotStock, HOT_DISH_ID],
  );
  if (rows.length !== count) throw new Error(`added ${rows.length} bench dishes, not ${count}`);
  const dishIds = rows.map((row) => row.id).sort();
  if (dishIds[0]! <= HOT_DISH_ID) throw new Error('a bench dish sorts before the hot dish');
  return { dishIds, hotDishId: HOT_DISH_ID };
}

export async function setStock(itemId: string, stock: number): Promise<void> {
  await queryBenchDatabase('update menu_items set stock = $2, version = version + 1 where id = $1', [itemId, stock]);
}

/** The units left of `itemIds`, together, and the lowest of them. */
export async function stockOf(itemIds: string[]): Promise<{ total: number; lowest: number }> {
  const [row] = await queryBenchDatabase<{ total: string; lowest: number }>(
    'select sum(stock) as total, min(stock) as lowest from menu_items where id = any($1::uuid[])',
    [itemIds],
  );
  return { total: Number(row?.total ?? NaN), lowest: row?.lowest ?? NaN };
}

/** Units of `itemId` in the books: order lines of every order placed so far. */
export async function unitsOrdered(itemId: string): Promise<number> {
  const [row] = await queryBenchDatabase<{ units: string | null }>(
    'select sum(quantity) as units from order_items where menu_item_id = $1',
    [itemId],
  );
  return Number(row?.units ?? 0);
}

/** Orders in the books. */
export async function orderCount(): Promise<number> {
  const [row] = await queryBenchDatabase<{ count: string }>('select count(*) as count from orders');
  return Number(row?.count ?? NaN);
}
