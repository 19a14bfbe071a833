import { chooseOptions, type CartLine, type CartLineOption, type MenuItem } from '@tableside/shared';
import { locationRulesOf, type LocationRuleRow, type LocationRules } from './location.js';
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

/** What an order needs of its restaurant besides the menu. */
export interface OrderingRestaurant {
  rules: LocationRules;
  currency: string;
  timezone: string;
}

/** The restaurant's ordering rules and the lines' items, as read together (PRICING_COLUMNS). */
export interface PricingData {
  restaurant: OrderingRestaurant;
  items: Map<string, { row: ItemRow; item: MenuItem }>;
}

/**
 * Columns of a query on the restaurant `r`: its location rules and time zone,
 * and the items named by the binding `:itemIds`, with their modifier groups
 * and options in the menu's order, as one JSON array. pricingOf reads them.
 */
export const PRICING_COLUMNS = `r.location_policy, r.latitude, r.longitude, r.geofence_radius_m,
      r.allowed_cidrs::text[] as allowed_cidrs, r.timezone,
      coalesce((
        select json_agg(json_build_object(
            'id', i.id, 'name', i.name, 'price_cents', i.price_cents, 'available', i.available, 'stock', i.stock,
            'modifier_groups', coalesce((
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
            ), '[]'::json)
          ))
        from menu_items i
        where i.restaurant_id = r.id and i.id = any(cast(:itemIds as uuid[]))
      ), '[]'::json) as items`;

/** What PRICING_COLUMNS read. */
export type PricingColumns = LocationRuleRow & { timezone: string; items: ItemRow[] };

/** The items the lines name, deduplicated: the `:itemIds` of PRICING_COLUMNS. */
export function itemIdsOf(lines: CartLine[]): string[] {
  return [...new Set(lines.map((line) => line.itemId))];
}

/** The PRICING_COLUMNS of a row, for the restaurant whose currency is `currency`. */
export function pricingOf(row: PricingColumns, currency: string): PricingData {
  const items = new Map<string, { row: ItemRow; item: MenuItem }>();
  for (const item of row.items) {
    items.set(item.id, {
      row: item,
      item: {
        id: item.id,
        name: item.name,
        description: '',
        priceCents: item.price_cents,
        allergens: [],
        imageUrl: null,
        available: item.available,
        stockStatus: 'in_stock',
        modifierGroups: item.modifier_groups,
      },
    });
  }
  return { restaurant: { rules: locationRulesOf(row), currency, timezone: row.timezone }, items };
}

/**
 * Prices every line from the items as read from Postgres: item price plus
 * option deltas, whatever the cart said. Lines whose item or options are
 * gone, unavailable, or no longer fit the item's groups are refused
 * together, naming each.
 */
export function priceCartLines(menuItems: PricingData['items'], lines: CartLine[]): PricedLine[] {
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
