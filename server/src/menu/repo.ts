import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import { stockChangeIsVisible } from './stock.js';

export interface CategoryRow {
  id: string;
  name: string;
  position: number;
}
export interface ItemRow {
  id: string;
  restaurant_id: string;
  category_id: string;
  name: string;
  description: string;
  price_cents: number;
  allergens: string[];
  image_url: string | null;
  available: boolean;
  stock: number | null;
  version: number;
  position: number;
  updated_at: Date;
}
export interface GroupRow {
  id: string;
  item_id: string;
  name: string;
  min_choices: number;
  max_choices: number;
}
export interface OptionRow {
  id: string;
  group_id: string;
  name: string;
  price_delta_cents: number;
  available: boolean;
}

export interface MenuRows {
  restaurant: { id: string; currency: string; menu_version: number; low_stock_threshold: number };
  categories: CategoryRow[];
  items: ItemRow[];
  groups: GroupRow[];
  options: OptionRow[];
}

/**
 * The whole menu of a restaurant as of one snapshot, so the version read with
 * it describes exactly these rows (a cache keyed by the version is then never
 * poisoned by a write landing between two of the reads).
 */
export async function loadMenuRows(db: Knex, restaurantId: string): Promise<MenuRows | undefined> {
  return db.transaction(
    async (trx) => {
      const restaurant = await trx('restaurants')
        .where({ id: restaurantId })
        .first('id', 'currency', 'menu_version', 'low_stock_threshold');
      if (!restaurant) return undefined;
      const byRestaurant = { restaurant_id: restaurantId };
      // One connection runs one query at a time: these go in sequence.
      const order = ['position', 'name', 'id'];
      const categories = await trx<CategoryRow>('menu_categories').where(byRestaurant).orderBy(order);
      const items = await trx<ItemRow>('menu_items').where(byRestaurant).orderBy(order);
      const groups = await trx<GroupRow>('modifier_groups').where(byRestaurant).orderBy(order);
      const options = await trx<OptionRow>('modifier_options').where(byRestaurant).orderBy(order);
      return { restaurant, categories, items, groups, options };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}

/** Moves the restaurant's menu version: every diner's cached menu (and ETag) is now stale. */
export async function bumpMenuVersion(db: Knex, restaurantId: string): Promise<number> {
  const [row] = await db('restaurants')
    .where({ id: restaurantId })
    .increment('menu_version', 1)
    .returning('menu_version');
  return (row as { menu_version: number }).menu_version;
}

export interface ItemPatch {
  name?: string;
  description?: string;
  priceCents?: number;
  allergens?: string[];
  imageUrl?: string | null;
  available?: boolean;
  stock?: number | null;
  position?: number;
  categoryId?: string;
}

const COLUMNS: Record<keyof ItemPatch, keyof ItemRow> = {
  name: 'name',
  description: 'description',
  priceCents: 'price_cents',
  allergens: 'allergens',
  imageUrl: 'image_url',
  available: 'available',
  stock: 'stock',
  position: 'position',
  categoryId: 'category_id',
};

/**
 * An owner's edit of one item, compare-and-set on `version` (the same column
 * the order path bumps when it takes stock, so neither overwrites the other).
 * Throws VERSION_CONFLICT with the current row when `expectedVersion` is stale.
 * Bumps the menu version when diners would see the change.
 */
export async function updateMenuItem(
  db: Knex,
  input: { restaurantId: string; itemId: string; expectedVersion: number; patch: ItemPatch },
): Promise<{ item: ItemRow; menuVersion: number | undefined }> {
  return db.transaction(async (trx) => {
    const before = await trx<ItemRow>('menu_items')
      .where({ id: input.itemId, restaurant_id: input.restaurantId })
      .forUpdate()
      .first();
    if (!before) throw appError('NOT_FOUND', undefined, 'No such menu item.');
    if (before.version !== input.expectedVersion) {
      throw appError('VERSION_CONFLICT', { current: before }, 'Someone changed this item meanwhile.');
    }
    const changes: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input.patch) as [keyof ItemPatch, unknown][]) {
      if (value !== undefined) changes[COLUMNS[key]] = value;
    }
    const [item] = await trx<ItemRow>('menu_items')
      .where({ id: input.itemId })
      .update({ ...changes, version: before.version + 1, updated_at: trx.fn.now() })
      .returning('*');
    if (!item) throw new Error(`menu item ${input.itemId} vanished under its row lock`);

    const threshold = await trx('restaurants').where({ id: input.restaurantId }).first('low_stock_threshold');
    const visible = Object.keys(changes).some((column) =>
      column === 'stock'
        ? stockChangeIsVisible(before.stock, item.stock, threshold.low_stock_threshold)
        : JSON.stringify(before[column as keyof ItemRow]) !== JSON.stringify(item[column as keyof ItemRow]),
    );
    const menuVersion = visible ? await bumpMenuVersion(trx, input.restaurantId) : undefined;
    return { item, menuVersion };
  });
}
