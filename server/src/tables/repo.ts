import type { LocationPolicy } from '@tableside/shared';
import { preparedAs, type Knex } from '../platform/db.js';

/** A table as found by its QR code, with what every diner route needs of its restaurant. */
export interface TableContext {
  tableId: string;
  label: string;
  restaurantId: string;
  restaurantName: string;
  currency: string;
  locationPolicy: LocationPolicy;
  menuVersion: number;
}

export interface SessionRow {
  id: string;
  restaurant_id: string;
  table_id: string;
  opened_at: Date;
  last_activity_at: Date;
  closed_at: Date | null;
}

export interface DinerRow {
  id: string;
  session_id: string;
  display_name: string;
  color: string;
}

/** One indexed lookup (tables.qr_token is unique); inactive tables are not found. */
export async function findActiveTable(db: Knex, qrToken: string): Promise<TableContext | undefined> {
  return (await findTableWithSession(db, qrToken, null))?.table;
}

/** The table and the session a diner request names, as read together (tableWithSessionSql). */
export interface TableWithSession {
  table: TableContext;
  session: SessionRow | undefined;
}

/**
 * The `select` of the table behind a QR token (active only, named binding
 * `:qrToken`) and, in the same round trip, the session a diner token names
 * (`:sessionId`, null for none; whichever table's it is): what every diner
 * request checks before anything else. `columns` adds what a route reads with
 * them; they may use the aliases `t` (the table) and `r` (its restaurant).
 * tableWithSessionOf splits the row.
 */
export function tableWithSessionSql(columns = ''): string {
  return `select t.id as "tableId", t.label, r.id as "restaurantId", r.name as "restaurantName", r.currency,
      r.location_policy as "locationPolicy", r.menu_version as "menuVersion",
      s.id as session_id, s.restaurant_id as session_restaurant_id, s.table_id as session_table_id,
      s.opened_at as session_opened_at,
      s.last_activity_at as session_last_activity_at, s.closed_at as session_closed_at${columns ? `,\n      ${columns}` : ''}
    from tables t
    join restaurants r on r.id = t.restaurant_id
    left join table_sessions s on s.id = cast(:sessionId as uuid)
    where t.qr_token = :qrToken and t.active`;
}

/** The table and session columns of a tableWithSessionSql row, and the rest (what `columns` added). */
export type TableWithSessionRow<Rest extends object = object> = TableContext & SessionColumns & Rest;

export function tableWithSessionOf<Rest extends object>(
  row: TableWithSessionRow<Rest>,
): TableWithSession & { rest: Rest } {
  const {
    tableId,
    label,
    restaurantId,
    restaurantName,
    currency,
    locationPolicy,
    menuVersion,
    session_id,
    session_restaurant_id,
    session_table_id,
    session_opened_at,
    session_last_activity_at,
    session_closed_at,
    ...rest
  } = row;
  const session =
    session_id === null
      ? undefined
      : {
          id: session_id,
          restaurant_id: session_restaurant_id!,
          table_id: session_table_id!,
          opened_at: session_opened_at!,
          last_activity_at: session_last_activity_at!,
          closed_at: session_closed_at,
        };
  return {
    table: { tableId, label, restaurantId, restaurantName, currency, locationPolicy, menuVersion },
    session,
    rest: rest as Rest,
  };
}

/** The table behind a QR token and the session `sessionId` names, in one indexed lookup. */
export async function findTableWithSession(
  db: Knex,
  qrToken: string,
  sessionId: string | null,
): Promise<TableWithSession | undefined> {
  const { rows } = await db
    .raw<{ rows: TableWithSessionRow[] }>(tableWithSessionSql(), { qrToken, sessionId })
    .options(preparedAs('tables.find-with-session'));
  const row = rows[0];
  if (!row) return undefined;
  const { table, session } = tableWithSessionOf(row);
  return { table, session };
}

export interface SessionColumns {
  session_id: string | null;
  session_restaurant_id: string | null;
  session_table_id: string | null;
  session_opened_at: Date | null;
  session_last_activity_at: Date | null;
  session_closed_at: Date | null;
}

export async function findOpenSession(db: Knex, tableId: string): Promise<SessionRow | undefined> {
  return db<SessionRow>('table_sessions').where({ table_id: tableId }).whereNull('closed_at').first();
}

export async function findSession(db: Knex, sessionId: string): Promise<SessionRow | undefined> {
  return db<SessionRow>('table_sessions').where({ id: sessionId }).first().options(preparedAs('tables.find-session'));
}

/**
 * Opens a session for the table unless one is open. Concurrent first scans
 * race on the partial unique index (one open session per table): the losers
 * insert nothing and read the winner's row. The insert only happens while the
 * table still has the scanned code and is active, so a join racing a QR
 * rotation or a deactivation cannot open a sitting nobody can reach.
 */
export async function openSession(
  db: Knex,
  table: TableContext,
  qrToken: string,
  now: Date,
): Promise<SessionRow | undefined> {
  const [created] = await db
    .raw<{ rows: SessionRow[] }>(
      `insert into table_sessions (restaurant_id, table_id, opened_at, last_activity_at)
       select ?, ?, ?, ? where exists (select 1 from tables where id = ? and qr_token = ? and active)
       on conflict (table_id) where closed_at is null do nothing
       returning *`,
      [table.restaurantId, table.tableId, now, now, table.tableId, qrToken],
    )
    .then((result) => result.rows);
  return created ?? findOpenSession(db, table.tableId);
}

export type CloseReason = 'idle' | 'staff' | 'qr_rotated' | 'table_removed';

/** Closes the session if it is still open; true when this call closed it. */
export async function closeSession(db: Knex, sessionId: string, reason: CloseReason, now: Date): Promise<boolean> {
  const closed = await db('table_sessions')
    .where({ id: sessionId })
    .whereNull('closed_at')
    .update({ closed_at: now, closed_reason: reason });
  return closed > 0;
}

/** Sessions idle since before `cutoff`, closed in one statement; returns their ids. */
export async function closeIdleSessions(db: Knex, cutoff: Date, now: Date): Promise<string[]> {
  const rows = await db('table_sessions')
    .whereNull('closed_at')
    .where('last_activity_at', '<', cutoff)
    .update({ closed_at: now, closed_reason: 'idle' })
    .returning('id');
  return rows.map((row: { id: string }) => row.id);
}

export async function listDiners(db: Knex, sessionId: string): Promise<DinerRow[]> {
  return db<DinerRow>('diners').where({ session_id: sessionId }).orderBy('joined_at').orderBy('id');
}

export async function findDiner(db: Knex, sessionId: string, dinerId: string): Promise<DinerRow | undefined> {
  return db<DinerRow>('diners').where({ session_id: sessionId, id: dinerId }).first();
}

/** Inserts a diner unless the name is taken in the session (then undefined, nothing written). */
export async function insertDiner(
  db: Knex,
  row: { restaurant_id: string; session_id: string; display_name: string; color: string },
): Promise<DinerRow | undefined> {
  const [inserted] = await db<DinerRow>('diners')
    .insert(row)
    .onConflict(['session_id', 'display_name'])
    .ignore()
    .returning('*');
  return inserted;
}
