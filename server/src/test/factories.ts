import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from '../platform/db.js';

/**
 * Rows for tests, built straight into Postgres with sensible defaults; each
 * takes overrides in column names and returns the inserted row.
 */
type Row = Record<string, unknown>;

async function insert<T>(db: Knex, table: string, row: Row): Promise<T> {
  const [inserted] = await db(table).insert(row).returning('*');
  return inserted as T;
}

const unique = () => randomBytes(4).toString('hex');

export interface RestaurantRow {
  id: string;
  slug: string;
  name: string;
  currency: string;
  location_policy: string;
  menu_version: number;
}

export const buildRestaurant = (db: Knex, overrides: Row = {}) =>
  insert<RestaurantRow>(db, 'restaurants', {
    slug: `r-${unique()}`,
    name: 'Test Kitchen',
    currency: 'EUR',
    latitude: 52.52,
    longitude: 13.405,
    ...overrides,
  });

export interface TableRow {
  id: string;
  restaurant_id: string;
  label: string;
  qr_token: string;
  active: boolean;
}

export const newQrToken = () => randomBytes(24).toString('base64url');

export const buildTable = (db: Knex, restaurant: { id: string }, overrides: Row = {}) =>
  insert<TableRow>(db, 'tables', {
    restaurant_id: restaurant.id,
    label: `T-${unique()}`,
    qr_token: newQrToken(),
    ...overrides,
  });

export interface SessionRow {
  id: string;
  restaurant_id: string;
  table_id: string;
  closed_at: Date | null;
}

export const buildSession = (db: Knex, table: TableRow, overrides: Row = {}) =>
  insert<SessionRow>(db, 'table_sessions', { restaurant_id: table.restaurant_id, table_id: table.id, ...overrides });

export interface CategoryRow {
  id: string;
  restaurant_id: string;
  name: string;
}

export const buildCategory = (db: Knex, restaurant: { id: string }, overrides: Row = {}) =>
  insert<CategoryRow>(db, 'menu_categories', {
    restaurant_id: restaurant.id,
    name: `Category ${unique()}`,
    ...overrides,
  });

export interface ItemRow {
  id: string;
  restaurant_id: string;
  category_id: string;
  name: string;
  price_cents: number;
  stock: number | null;
  version: number;
  available: boolean;
}

export const buildItem = (db: Knex, category: CategoryRow, overrides: Row = {}) =>
  insert<ItemRow>(db, 'menu_items', {
    restaurant_id: category.restaurant_id,
    category_id: category.id,
    name: `Item ${unique()}`,
    price_cents: 1000,
    ...overrides,
  });

export interface OrderRow {
  id: string;
  number: number;
  status: string;
  idempotency_key: string;
}

export const buildOrder = (db: Knex, session: SessionRow, overrides: Row = {}) =>
  insert<OrderRow>(db, 'orders', {
    restaurant_id: session.restaurant_id,
    table_id: session.table_id,
    session_id: session.id,
    business_date: '2026-11-25',
    number: 1,
    subtotal_cents: 1000,
    total_cents: 1000,
    currency: 'EUR',
    idempotency_key: randomUUID(),
    cart_version: 1,
    location_verdict: 'not_required',
    ...overrides,
  });

export interface GroupRow {
  id: string;
  restaurant_id: string;
  item_id: string;
  min_choices: number;
  max_choices: number;
}

export const buildGroup = (db: Knex, item: ItemRow, overrides: Row = {}) =>
  insert<GroupRow>(db, 'modifier_groups', {
    restaurant_id: item.restaurant_id,
    item_id: item.id,
    name: `Group ${unique()}`,
    min_choices: 0,
    max_choices: 1,
    ...overrides,
  });

export interface OptionRow {
  id: string;
  group_id: string;
  price_delta_cents: number;
}

export const buildOption = (db: Knex, group: GroupRow, overrides: Row = {}) =>
  insert<OptionRow>(db, 'modifier_options', {
    restaurant_id: group.restaurant_id,
    group_id: group.id,
    name: `Option ${unique()}`,
    ...overrides,
  });
