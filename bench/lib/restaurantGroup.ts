import { randomBytes } from 'node:crypto';
import { queryBenchDatabase } from './benchDatabase.js';
import { DEMO_SLUG } from './cartFixtures.js';

/** One restaurant of the group, as the load generator needs it. */
export interface GroupRestaurant {
  id: string;
  slug: string;
  tables: { id: string; qrToken: string }[];
  /** Dishes a diner can add as they are (no choice required), never sold out in a run. */
  dishIds: string[];
  /** The special: stock-tracked, `specialStock` units, sold out by a long enough run. */
  specialId: string;
  /** Every dish of the restaurant's menu: a cart line naming anything else leaked from another restaurant. */
  menuItemIds: Set<string>;
}

export interface GroupShape {
  restaurants: number;
  tablesPerRestaurant: number;
  /** Units of every stock-tracked dish of the demo menu, in every copy: more than any run sells. */
  plenty: number;
  specialStock: number;
}

/**
 * A row id derived from a demo row's id and the copy's number, so that every
 * foreign key of a copy can be derived the same way without a lookup: the
 * MD5 of both, with the version and variant digits of a v4 UUID (the API's
 * schemas accept only RFC 9562 UUIDs).
 */
const derivedId = (expression: string) =>
  `overlay(overlay(md5(${expression}) placing '4' from 13) placing '8' from 17)::uuid`;

/** The copies: their numbers and restaurant ids, as a CTE every statement below starts with. */
const COPIES = `with copies as (
  select n, ${derivedId(`'friday:' || n`)} as id from generate_series(1, $2::int) n
), demo as (select * from restaurants where slug = $1)`;

/**
 * Copies the demo restaurant `shape.restaurants` times in a handful of
 * set-based inserts (its menu with modifier groups and options, no staff),
 * each copy with `tablesPerRestaurant` tables and a special, and returns the
 * copies. Location checks are off, as in the demo. Runs in well under a
 * second; call it on a freshly prepared bench database.
 */
export async function seedRestaurantGroup(shape: GroupShape): Promise<GroupRestaurant[]> {
  const copyParams = [DEMO_SLUG, shape.restaurants];
  await queryBenchDatabase(
    `${COPIES}
     insert into restaurants (id, slug, name, currency, timezone, latitude, longitude, geofence_radius_m,
                              location_policy, allowed_cidrs)
     select c.id, 'friday-' || lpad(c.n::text, 2, '0'), 'Friday ' || lpad(c.n::text, 2, '0'), d.currency,
            d.timezone, d.latitude, d.longitude, d.geofence_radius_m, 'off', d.allowed_cidrs
     from copies c, demo d`,
    copyParams,
  );
  await queryBenchDatabase(
    `${COPIES}
     insert into menu_categories (id, restaurant_id, name, position)
     select ${derivedId(`m.id || ':' || c.n`)}, c.id, m.name, m.position
     from copies c, demo d join menu_categories m on m.restaurant_id = d.id`,
    copyParams,
  );
  await queryBenchDatabase(
    `${COPIES}
     insert into menu_items (id, restaurant_id, category_id, name, description, price_cents, allergens, image_url,
                             available, stock, position)
     select ${derivedId(`i.id || ':' || c.n`)}, c.id, ${derivedId(`i.category_id || ':' || c.n`)}, i.name,
            i.description, i.price_cents, i.allergens, i.image_url, i.available,
            case when i.stock is null then null else $3::int end, i.position
     from copies c, demo d join menu_items i on i.restaurant_id = d.id`,
    [...copyParams, shape.plenty],
  );
  await queryBenchDatabase(
    `${COPIES}
     insert into modifier_groups (id, restaurant_id, item_id, name, min_choices, max_choices, position)
     select ${derivedId(`g.id || ':' || c.n`)}, c.id, ${derivedId(`g.item_id || ':' || c.n`)}, g.name,
            g.min_choices, g.max_choices, g.position
     from copies c, demo d join modifier_groups g on g.restaurant_id = d.id`,
    copyParams,
  );
  await queryBenchDatabase(
    `${COPIES}
     insert into modifier_options (id, restaurant_id, group_id, name, price_delta_cents, available, position)
     select ${derivedId(`o.id || ':' || c.n`)}, c.id, ${derivedId(`o.group_id || ':' || c.n`)}, o.name,
            o.price_delta_cents, o.available, o.position
     from copies c, demo d join modifier_options o on o.restaurant_id = d.id`,
    copyParams,
  );
  await queryBenchDatabase(
    `${COPIES}
     insert into menu_items (id, restaurant_id, category_id, name, description, price_cents, stock, position)
     select ${derivedId(`'special:' || c.n`)}, c.id,
            (select id from menu_categories m where m.restaurant_id = c.id order by position, name limit 1),
            'Friday special', 'Only while it lasts.', 1900, $3::int, 0
     from copies c`,
    [...copyParams, shape.specialStock],
  );
  const tokens = Array.from({ length: shape.restaurants * shape.tablesPerRestaurant }, () =>
    randomBytes(24).toString('base64url'),
  );
  await queryBenchDatabase(
    `${COPIES}
     insert into tables (restaurant_id, label, seats, qr_token)
     select c.id, 'Table ' || t, 4, ($4::text[])[(c.n - 1) * $3::int + t]
     from copies c, generate_series(1, $3::int) t`,
    [...copyParams, shape.tablesPerRestaurant, tokens],
  );
  return loadGroup(copyParams);
}

async function loadGroup(copyParams: unknown[]): Promise<GroupRestaurant[]> {
  const restaurants = await queryBenchDatabase<{ id: string; slug: string; special_id: string }>(
    `${COPIES}
     select c.id, r.slug, ${derivedId(`'special:' || c.n`)} as special_id
     from copies c join restaurants r on r.id = c.id order by c.n`,
    copyParams,
  );
  const tables = await queryBenchDatabase<{ restaurant_id: string; id: string; qr_token: string }>(
    `${COPIES}
     select t.restaurant_id, t.id, t.qr_token from copies c join tables t on t.restaurant_id = c.id
     order by c.n, (substring(t.label from 7))::int`,
    copyParams,
  );
  const items = await queryBenchDatabase<{ restaurant_id: string; id: string; plain: boolean }>(
    `${COPIES}
     select i.restaurant_id, i.id,
            i.available
              and not exists (select 1 from modifier_groups g where g.item_id = i.id and g.min_choices > 0) as plain
     from copies c join menu_items i on i.restaurant_id = c.id
     order by i.restaurant_id, i.position, i.name`,
    copyParams,
  );
  return restaurants.map((restaurant) => {
    const own = items.filter((item) => item.restaurant_id === restaurant.id);
    const dishIds = own.filter((item) => item.plain && item.id !== restaurant.special_id).map((item) => item.id);
    if (dishIds.length < 4) throw new Error(`${restaurant.slug} has ${dishIds.length} dishes to order, not 4`);
    return {
      id: restaurant.id,
      slug: restaurant.slug,
      tables: tables.filter((t) => t.restaurant_id === restaurant.id).map((t) => ({ id: t.id, qrToken: t.qr_token })),
      dishIds,
      specialId: restaurant.special_id,
      menuItemIds: new Set(own.map((item) => item.id)),
    };
  });
}
