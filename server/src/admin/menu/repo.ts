import type { Knex } from '../../platform/db.js';
import { appError } from '../../platform/errors.js';

interface Versioned {
  id: string;
  restaurant_id: string;
  version: number;
  position: number;
}
export interface CategoryRow extends Versioned {
  name: string;
}
export interface ItemRow extends Versioned {
  category_id: string;
  name: string;
  description: string;
  price_cents: number;
  allergens: string[];
  image_url: string | null;
  available: boolean;
  stock: number | null;
}
export interface GroupRow extends Versioned {
  item_id: string;
  name: string;
  min_choices: number;
  max_choices: number;
}
export interface OptionRow extends Versioned {
  group_id: string;
  name: string;
  price_delta_cents: number;
  available: boolean;
}

/** The four levels of a menu, parents first. */
export const KINDS = ['category', 'item', 'group', 'option'] as const;
export type EntryKind = (typeof KINDS)[number];
export interface RowOf {
  category: CategoryRow;
  item: ItemRow;
  group: GroupRow;
  option: OptionRow;
}
export const TABLES = {
  category: 'menu_categories',
  item: 'menu_items',
  group: 'modifier_groups',
  option: 'modifier_options',
} as const satisfies Record<EntryKind, string>;
export const LABELS: Record<EntryKind, string> = {
  category: 'category',
  item: 'menu item',
  group: 'modifier group',
  option: 'modifier option',
};

/** Menu rows, each level in menu order. */
export interface MenuRows {
  categories: CategoryRow[];
  items: ItemRow[];
  groups: GroupRow[];
  options: OptionRow[];
}
export interface MenuRestaurant {
  id: string;
  currency: string;
  menu_version: number;
}

const MENU_ORDER = ['position', 'name', 'id'];

/** One entry and everything under it, or, without `scope`, the whole menu of the restaurant. */
export async function loadRows(
  db: Knex,
  restaurantId: string,
  scope?: { kind: EntryKind; id: string },
): Promise<MenuRows> {
  const depth = scope ? KINDS.indexOf(scope.kind) : -1;
  const level = async <T>(at: number, table: string, parent: string, parentIds: string[]): Promise<T[]> => {
    if (scope && at < depth) return [];
    const query = db(table).where({ restaurant_id: restaurantId }).orderBy(MENU_ORDER);
    if (scope && at === depth) return (await query.where({ id: scope.id })) as T[];
    if (scope) return parentIds.length === 0 ? [] : ((await query.whereIn(parent, parentIds)) as T[]);
    return (await query) as T[];
  };
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
  // One connection runs one query at a time: these go in sequence.
  const categories = await level<CategoryRow>(0, TABLES.category, 'restaurant_id', []);
  const items = await level<ItemRow>(1, TABLES.item, 'category_id', ids(categories));
  const groups = await level<GroupRow>(2, TABLES.group, 'item_id', ids(items));
  const options = await level<OptionRow>(3, TABLES.option, 'group_id', ids(groups));
  return { categories, items, groups, options };
}

/** One entry with everything under it; NOT_FOUND when it is not this restaurant's. */
export async function loadEntry(db: Knex, restaurantId: string, kind: EntryKind, id: string): Promise<MenuRows> {
  const rows = await loadRows(db, restaurantId, { kind, id });
  const found = { category: rows.categories, item: rows.items, group: rows.groups, option: rows.options }[kind];
  if (found.length === 0) throw appError('NOT_FOUND', undefined, `No such ${LABELS[kind]}.`);
  return rows;
}

/** The whole menu as of one snapshot, with the menu version that describes exactly these rows. */
export async function loadMenu(
  db: Knex,
  restaurantId: string,
): Promise<{ restaurant: MenuRestaurant; rows: MenuRows } | undefined> {
  return db.transaction(
    async (trx) => {
      const restaurant = await trx<MenuRestaurant>('restaurants')
        .where({ id: restaurantId })
        .first('id', 'currency', 'menu_version');
      return restaurant && { restaurant, rows: await loadRows(trx, restaurantId) };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}

/** An entry's own row, or undefined when it is not this restaurant's. */
export async function findEntry<K extends EntryKind>(
  db: Knex,
  restaurantId: string,
  kind: K,
  id: string,
): Promise<RowOf[K] | undefined> {
  return (await db(TABLES[kind]).where({ id, restaurant_id: restaurantId }).first()) as RowOf[K] | undefined;
}

/** Locks an entry for a change (or deletion), or undefined when it is not this restaurant's. */
export async function lockEntry<K extends EntryKind>(
  trx: Knex.Transaction,
  restaurantId: string,
  kind: K,
  id: string,
): Promise<RowOf[K] | undefined> {
  return (await trx(TABLES[kind]).where({ id, restaurant_id: restaurantId }).forUpdate().first()) as
    RowOf[K] | undefined;
}

/**
 * Whether the parent of a new entry exists, holding it until the insert
 * commits: a concurrent delete of the parent waits and then sees the new row,
 * and an insert after the delete finds no parent instead of failing on its
 * foreign key.
 */
export async function parentExists(
  trx: Knex.Transaction,
  restaurantId: string,
  kind: EntryKind,
  id: string,
): Promise<boolean> {
  const row: unknown = await trx(TABLES[kind]).where({ id, restaurant_id: restaurantId }).forKeyShare().first('id');
  return row !== undefined;
}

/** The position after the last of the entries matching `where`. */
export async function nextPosition(db: Knex, kind: EntryKind, where: Record<string, string>): Promise<number> {
  const row = (await db(TABLES[kind]).where(where).max('position as last').first()) as { last: number | null };
  return row.last === null ? 0 : row.last + 1;
}

export async function insertEntry<K extends EntryKind>(
  trx: Knex.Transaction,
  kind: K,
  row: Record<string, unknown>,
): Promise<RowOf[K]> {
  const [inserted] = (await trx(TABLES[kind]).insert(row).returning('*')) as RowOf[K][];
  return inserted!;
}

/**
 * Writes `changes` (column → value; undefined values are left out) to a locked
 * entry and moves its version. `visible` says whether any column really changed.
 */
export async function updateEntry<K extends EntryKind>(
  trx: Knex.Transaction,
  kind: K,
  before: RowOf[K],
  changes: Record<string, unknown>,
): Promise<{ row: RowOf[K]; visible: boolean }> {
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const [row] = (await trx(TABLES[kind])
    .where({ id: before.id })
    .update({ ...set, version: before.version + 1, updated_at: trx.fn.now() })
    .returning('*')) as RowOf[K][];
  const visible = Object.keys(set).some(
    (column) => JSON.stringify(before[column as keyof RowOf[K]]) !== JSON.stringify(row![column as keyof RowOf[K]]),
  );
  return { row: row!, visible };
}

export async function deleteEntry(trx: Knex.Transaction, restaurantId: string, kind: EntryKind, id: string) {
  await trx(TABLES[kind]).where({ id, restaurant_id: restaurantId }).delete();
}

export async function countItems(trx: Knex.Transaction, restaurantId: string, categoryId: string): Promise<number> {
  const row = (await trx(TABLES.item)
    .where({ restaurant_id: restaurantId, category_id: categoryId })
    .count({ count: '*' })
    .first()) as { count: string | number };
  return Number(row.count);
}

/**
 * Locks the siblings about to be reordered, in id order: the same order the
 * order path takes item rows in, so a reorder and an order never deadlock.
 */
export async function lockSiblings<K extends 'category' | 'item'>(
  trx: Knex.Transaction,
  kind: K,
  where: Record<string, string>,
): Promise<RowOf[K][]> {
  return (await trx(TABLES[kind]).where(where).orderBy('id').forUpdate()) as RowOf[K][];
}

/** Of `ids`, those that are entries of the restaurant. */
export async function existingIds(
  db: Knex,
  restaurantId: string,
  kind: EntryKind,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = (await db(TABLES[kind]).where({ restaurant_id: restaurantId }).whereIn('id', ids).select('id')) as {
    id: string;
  }[];
  return new Set(rows.map((row) => row.id));
}

/** Gives each locked sibling its place in `ids`; returns how many moved (each moved row's version moves too). */
export async function setPositions(
  trx: Knex.Transaction,
  kind: 'category' | 'item',
  siblings: Versioned[],
  ids: string[],
): Promise<number> {
  const byId = new Map(siblings.map((row) => [row.id, row]));
  let moved = 0;
  for (const [position, id] of ids.entries()) {
    const row = byId.get(id)!;
    if (row.position === position) continue;
    await trx(TABLES[kind])
      .where({ id })
      .update({ position, version: row.version + 1, updated_at: trx.fn.now() });
    moved++;
  }
  return moved;
}
