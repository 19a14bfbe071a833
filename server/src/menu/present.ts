import type { Menu, MenuItem } from '@tableside/shared';
import type { ItemRow, MenuRows, OptionRow } from './repo.js';
import { visibleStock } from './stock.js';

/** The menu as diners see it: categories in order, exact stock only when it is low. */
export function presentMenu(rows: MenuRows): Menu {
  const optionsByGroup = groupBy(rows.options, (option) => option.group_id);
  const groupsByItem = groupBy(rows.groups, (group) => group.item_id);
  const itemsByCategory = groupBy(rows.items, (item) => item.category_id);
  const threshold = rows.restaurant.low_stock_threshold;

  const presentItem = (item: ItemRow): MenuItem => {
    const stock = visibleStock(item.stock, threshold);
    return {
      id: item.id,
      name: item.name,
      description: item.description,
      priceCents: item.price_cents,
      allergens: item.allergens,
      imageUrl: item.image_url,
      available: item.available,
      stockStatus: stock.status,
      ...(stock.status === 'low' ? { stockLeft: stock.left } : {}),
      modifierGroups: (groupsByItem.get(item.id) ?? []).map((group) => ({
        id: group.id,
        name: group.name,
        min: group.min_choices,
        max: group.max_choices,
        options: (optionsByGroup.get(group.id) ?? []).map(presentOption),
      })),
    };
  };

  return {
    restaurantId: rows.restaurant.id,
    currency: rows.restaurant.currency,
    version: rows.restaurant.menu_version,
    categories: rows.categories.map((category) => ({
      id: category.id,
      name: category.name,
      items: (itemsByCategory.get(category.id) ?? []).map(presentItem),
    })),
  };
}

function presentOption(option: OptionRow) {
  return {
    id: option.id,
    name: option.name,
    priceDeltaCents: option.price_delta_cents,
    available: option.available,
  };
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}
