import { randomBytes } from 'node:crypto';
import { queryBenchDatabase } from './benchDatabase.js';

/** The restaurant the demo seed creates. */
export const DEMO_SLUG = 'harbour-lane';

/**
 * Gives the demo restaurant `count` active tables in all (the seed has 12),
 * each with its own QR token, and returns their tokens.
 */
export async function benchTables(count: number): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => randomBytes(24).toString('base64url'));
  await queryBenchDatabase(
    `insert into tables (restaurant_id, label, qr_token)
     select r.id, 'Bench ' || n, ($3::text[])[n]
     from restaurants r,
          generate_series(1, $2::int - (select count(*)::int from tables t
                                        join restaurants r on r.id = t.restaurant_id
                                        where t.active and r.slug = $1)) n
     where r.slug = $1`,
    [DEMO_SLUG, count, tokens],
  );
  const rows = await queryBenchDatabase<{ qr_token: string }>(
    `select t.qr_token from tables t join restaurants r on r.id = t.restaurant_id
     where t.active and r.slug = $1 order by t.label limit $2`,
    [DEMO_SLUG, count],
  );
  if (rows.length < count) throw new Error(`the demo restaurant has ${rows.length} tables, not ${count}`);
  return rows.map((row) => row.qr_token);
}

/**
 * The demo restaurant's dishes a diner can add as they are: available, stock
 * not tracked (no run sells them out), and no modifier group requiring a choice.
 */
export async function plainDishes(): Promise<string[]> {
  const rows = await queryBenchDatabase<{ id: string }>(
    `select i.id from menu_items i join restaurants r on r.id = i.restaurant_id
     where r.slug = $1 and i.available and i.stock is null
       and not exists (select 1 from modifier_groups g where g.item_id = i.id and g.min_choices > 0)
     order by i.position, i.name`,
    [DEMO_SLUG],
  );
  if (rows.length === 0) throw new Error('the demo restaurant has no dish that needs no choice and has no stock');
  return rows.map((row) => row.id);
}
