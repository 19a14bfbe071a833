import { chooseOptions, type CartLine, type CartLineOption, type MenuItem } from '@tableside/shared';
import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';

export interface PricedLine {
  cartLine: CartLine;
  itemId: string;
  name: string;
  unitPriceCents: number;
  options: CartLineOption[];
  /** null when the item's stock is not tracked */
  tracksStock: boolean;
}

interface ItemRow {
  id: string;
  name: string;
  price_cents: number;
  available: boolean;
  stock: number | null;
}

/**
 * Re-reads every line's item and options from Postgres and prices it there:
 * item price plus option deltas, whatever the cart said. Lines whose item or
 * options are gone, unavailable, or no longer fit the item's groups are
 * refused together, naming each.
 */
export async function priceCartLines(trx: Knex, restaurantId: string, lines: CartLine[]): Promise<PricedLine[]> {
  const itemIds = [...new Set(lines.map((line) => line.itemId))];
  const items: ItemRow[] = await trx('menu_items')
    .where({ restaurant_id: restaurantId })
    .whereIn('id', itemIds)
    .select('id', 'name', 'price_cents', 'available', 'stock');
  const groups = await trx('modifier_groups')
    .where({ restaurant_id: restaurantId })
    .whereIn('item_id', itemIds)
    .orderBy(['position', 'name', 'id'])
    .select('id', 'item_id', 'name', 'min_choices', 'max_choices');
  const options = await trx('modifier_options')
    .where({ restaurant_id: restaurantId })
    .whereIn(
      'group_id',
      groups.map((group: { id: string }) => group.id),
    )
    .orderBy(['position', 'name', 'id'])
    .select('id', 'group_id', 'name', 'price_delta_cents', 'available');

  const menuItems = new Map<string, { row: ItemRow; item: MenuItem }>();
  for (const row of items) {
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
        modifierGroups: groups
          .filter((group: { item_id: string }) => group.item_id === row.id)
          .map((group: { id: string; name: string; min_choices: number; max_choices: number }) => ({
            id: group.id,
            name: group.name,
            min: group.min_choices,
            max: group.max_choices,
            options: options
              .filter((option: { group_id: string }) => option.group_id === group.id)
              .map((option: { id: string; name: string; price_delta_cents: number; available: boolean }) => ({
                id: option.id,
                name: option.name,
                priceDeltaCents: option.price_delta_cents,
                available: option.available,
              })),
          })),
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
      tracksStock: found.row.stock !== null,
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
