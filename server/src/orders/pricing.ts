import { chooseOptions, type CartLine, type CartLineOption, type MenuItem } from '@tableside/shared';
import { preparedAs, type Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';

export interface PricedLine {
  cartLine: CartLine;
  itemId: string;
  name: string;
  unitPriceCents: number;
  options: CartLineOption[];
  /** The item's stock as read here; null when its stock is not tracked. */
  stock: number | null;
}

interface ItemRow {
  id: string;
  name: string;
  price_cents: number;
  available: boolean;
  stock: number | null;
  modifier_groups: MenuItem['modifierGroups'];
}

/**
 * The lines' items with their modifier groups and options, in the menu's
 * order, in one round trip.
 */
const ITEMS_WITH_OPTIONS = `
  select i.id, i.name, i.price_cents, i.available, i.stock,
    coalesce((
      select json_agg(json_build_object(
          'id', g.id, 'name', g.name, 'min', g.min_choices, 'max', g.max_choices,
          'options', coalesce((
            select json_agg(json_build_object(
                'id', o.id, 'name', o.name, 'priceDeltaCents', o.price_delta_cents, 'available', o.available
              ) order by o.position, o.name, o.id)
            from modifier_options o
            where o.group_id = g.id and o.restaurant_id = i.restaurant_id
          ), '[]'::json)
        ) order by g.position, g.name, g.id)
      from modifier_groups g
      where g.item_id = i.id and g.restaurant_id = i.restaurant_id
    ), '[]'::json) as modifier_groups
  from menu_items i
  where i.restaurant_id = ? and i.id = any(?::uuid[])`;

/**
 * Re-reads every line's item and options from Postgres and prices it there:
 * item price plus option deltas, whatever the cart said. Lines whose item or
 * options are gone, unavailable, or no longer fit the item's groups are
 * refused together, naming each.
 */
export async function priceCartLines(db: Knex, restaurantId: string, lines: CartLine[]): Promise<PricedLine[]> {
  const itemIds = [...new Set(lines.map((line) => line.itemId))];
  const { rows } = await db
    .raw<{ rows: ItemRow[] }>(ITEMS_WITH_OPTIONS, [restaurantId, itemIds])
    .options(preparedAs('orders.price-lines'));
  const menuItems = new Map<string, { row: ItemRow; item: MenuItem }>();
  for (const row of rows) {
    menuItems.set(row.id, {
      row,
      item: {
        id: row.id,
        name: row.name,
        description: '',
        priceCents: row.price_cents,
        allergens: [],
        imageUrl: null,
        available: row.available,
        stockStatus: 'in_stock',
        modifierGroups: row.modifier_groups,
      },
    });
  }

  const priced: PricedLine[] = [];
  const refused: { lineId: string; itemId: string; name: string; reason: string }[] = [];
  for (const line of lines) {
    const found = menuItems.get(line.itemId);
    if (!found || !found.row.available) {
      refused.push({ lineId: line.lineId, itemId: line.itemId, name: line.name, reason: 'not available' });
      continue;
    }
    const choice = chooseOptions(
      found.item,
      line.options.map((option) => option.id),
    );
    if (!choice.ok) {
      refused.push({ lineId: line.lineId, itemId: line.itemId, name: line.name, reason: choice.message });
      continue;
    }
    priced.push({
      cartLine: line,
      itemId: line.itemId,
      name: found.row.name,
      unitPriceCents: choice.unitPriceCents,
      options: choice.options,
      stock: found.row.stock,
    });
  }
  if (refused.length > 0) {
    const names = [...new Set(refused.map((line) => line.name))].join(', ');
    throw appError(
      'ITEM_UNAVAILABLE',
      { items: refused },
      `Sorry, ${names} ${refused.length === 1 ? 'is' : 'are'} no longer available. Remove ${refused.length === 1 ? 'it' : 'them'} to order the rest.`,
    );
  }
  return priced;
}
