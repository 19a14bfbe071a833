import type { Knex } from '../../platform/db.js';
import { appError } from '../../platform/errors.js';

/** A table as the owner sees it: the row, and whether diners are seated at it. */
export interface AdminTableRow {
  id: string;
  restaurant_id: string;
  label: string;
  seats: number;
  qr_token: string;
  active: boolean;
  session_open: boolean;
}

export interface TablePatch {
  label?: string;
  seats?: number;
  active?: boolean;
  qr_token?: string;
}

const UNIQUE_VIOLATION = '23505';
const LABEL_UNIQUE = 'tables_restaurant_id_label_unique';

// Numeric runs compare as numbers, so "Table 2" sorts before "Table 10".
const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function byLabel(a: { label: string }, b: { label: string }): number {
  return natural.compare(a.label, b.label) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

/** Tables are only ever looked up within one restaurant: another's table is simply not there. */
function tablesOf(db: Knex, restaurantId: string) {
  return db('tables as t').where('t.restaurant_id', restaurantId).select(
    't.id',
    't.restaurant_id',
    't.label',
    't.seats',
    't.qr_token',
    't.active',
    // Answered by the partial unique index on open sessions.
    db.raw('exists (select 1 from table_sessions s where s.table_id = t.id and s.closed_at is null) as session_open'),
  );
}

export async function listTables(
  db: Knex,
  restaurantId: string,
  options: { activeOnly?: boolean } = {},
): Promise<AdminTableRow[]> {
  const query = tablesOf(db, restaurantId);
  if (options.activeOnly) query.where('t.active', true);
  const rows: AdminTableRow[] = await query;
  return rows.sort(byLabel);
}

export async function findTable(db: Knex, restaurantId: string, tableId: string): Promise<AdminTableRow | undefined> {
  return tablesOf(db, restaurantId).where('t.id', tableId).first();
}

export async function requireTable(db: Knex, restaurantId: string, tableId: string): Promise<AdminTableRow> {
  const table = await findTable(db, restaurantId, tableId);
  if (!table) throw appError('NOT_FOUND', undefined, 'No such table.');
  return table;
}

/** The unique (restaurant, label) index decides, so two owners racing for a label cannot both win. */
async function guardLabel<T>(label: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const { code, constraint } = error as { code?: unknown; constraint?: unknown };
    if (code === UNIQUE_VIOLATION && constraint === LABEL_UNIQUE) {
      throw appError('TABLE_LABEL_TAKEN', { label }, `There is already a table called “${label}”.`);
    }
    throw error;
  }
}

const TABLE_COLUMNS = ['id', 'restaurant_id', 'label', 'seats', 'qr_token', 'active'];

export async function insertTable(
  db: Knex,
  row: { restaurant_id: string; label: string; seats: number; qr_token: string },
): Promise<AdminTableRow> {
  const [inserted] = await guardLabel(row.label, () =>
    db('tables').insert(row).returning<Omit<AdminTableRow, 'session_open'>[]>(TABLE_COLUMNS),
  );
  if (!inserted) throw new Error('insert into tables returned no row');
  return { ...inserted, session_open: false };
}

/** Applies the patch; false when the restaurant has no such table. */
export async function updateTable(
  db: Knex,
  restaurantId: string,
  tableId: string,
  patch: TablePatch,
  now: Date,
): Promise<boolean> {
  const updated = await guardLabel(patch.label, () =>
    db('tables')
      .where({ restaurant_id: restaurantId, id: tableId })
      .update({ ...patch, updated_at: now }),
  );
  return updated > 0;
}

export async function findOpenSessionId(db: Knex, tableId: string): Promise<string | undefined> {
  const open = await db('table_sessions').where({ table_id: tableId }).whereNull('closed_at').first('id');
  return open?.id;
}

export async function hasOrders(db: Knex, restaurantId: string, tableId: string): Promise<boolean> {
  const order = await db('orders').where({ restaurant_id: restaurantId, table_id: tableId }).first('id');
  return order !== undefined;
}

/**
 * Deletes a table that never had an order. Orders cascade with their table,
 * so the check and the delete run under the table's row lock: an order being
 * written for it holds a key-share lock on that row (its foreign key), so it
 * either committed before the check sees it, or waits and then fails.
 */
export async function deleteTableWithoutOrders(
  db: Knex,
  restaurantId: string,
  tableId: string,
): Promise<'deleted' | 'missing' | 'has_orders'> {
  return db.transaction(async (trx) => {
    const table = await trx('tables').where({ restaurant_id: restaurantId, id: tableId }).forUpdate().first('id');
    if (!table) return 'missing';
    if (await hasOrders(trx, restaurantId, tableId)) return 'has_orders';
    await trx('tables').where({ id: tableId }).delete();
    return 'deleted';
  });
}

export async function restaurantForSheet(db: Knex, restaurantId: string): Promise<{ name: string; slug: string }> {
  const restaurant = await db('restaurants').where({ id: restaurantId }).first('name', 'slug');
  if (!restaurant) throw new Error(`restaurant ${restaurantId} of a signed-in user is missing`);
  return restaurant;
}
