import type {
  AdminMenu,
  AdminMenuCategory,
  AdminMenuItem,
  AdminModifierGroup,
  AdminModifierOption,
} from '@tableside/shared';
import type { CategoryRow, EntryKind, GroupRow, ItemRow, MenuRestaurant, MenuRows, OptionRow } from './repo.js';

interface Presented {
  category: AdminMenuCategory;
  item: AdminMenuItem;
  group: AdminModifierGroup;
  option: AdminModifierOption;
}

/** Presenters for each level of `rows`, each entry with everything under it, in menu order. */
function presenters(rows: MenuRows) {
  const optionsByGroup = groupBy(rows.options, (option) => option.group_id);
  const groupsByItem = groupBy(rows.groups, (group) => group.item_id);
  const itemsByCategory = groupBy(rows.items, (item) => item.category_id);

  const option = (row: OptionRow): AdminModifierOption => ({
    id: row.id,
    groupId: row.group_id,
    name: row.name,
    priceDeltaCents: row.price_delta_cents,
    available: row.available,
    version: row.version,
    position: row.position,
  });
  const group = (row: GroupRow): AdminModifierGroup => ({
    id: row.id,
    itemId: row.item_id,
    name: row.name,
    min: row.min_choices,
    max: row.max_choices,
    version: row.version,
    position: row.position,
    options: (optionsByGroup.get(row.id) ?? []).map(option),
  });
  const item = (row: ItemRow): AdminMenuItem => ({
    id: row.id,
    categoryId: row.category_id,
    name: row.name,
    description: row.description,
    priceCents: row.price_cents,
    allergens: row.allergens,
    imageUrl: row.image_url,
    available: row.available,
    stock: row.stock,
    version: row.version,
    position: row.position,
    modifierGroups: (groupsByItem.get(row.id) ?? []).map(group),
  });
  const category = (row: CategoryRow): AdminMenuCategory => ({
    id: row.id,
    name: row.name,
    version: row.version,
    position: row.position,
    items: (itemsByCategory.get(row.id) ?? []).map(item),
  });
  return { category, item, group, option };
}

/** The menu as the owner sees it: every field of every entry, exact stock included. */
export function presentMenu(menu: { restaurant: MenuRestaurant; rows: MenuRows }): AdminMenu {
  return {
    restaurantId: menu.restaurant.id,
    currency: menu.restaurant.currency,
    version: menu.restaurant.menu_version,
    categories: menu.rows.categories.map(presenters(menu.rows).category),
  };
}

/** The one entry `rows` were loaded for (see `loadEntry`), presented as in the menu. */
export function presentEntry<K extends EntryKind>(rows: MenuRows, kind: K): Presented[K] {
  const present = presenters(rows);
  const entry: { [P in EntryKind]: () => Presented[P] } = {
    category: () => present.category(rows.categories[0]!),
    item: () => present.item(rows.items[0]!),
    group: () => present.group(rows.groups[0]!),
    option: () => present.option(rows.options[0]!),
  };
  return entry[kind]();
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
