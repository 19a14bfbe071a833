import { qrTokenSchema } from '@tableside/shared';
import type { Deps } from '../createServer.js';
import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import { findActiveTable, type TableContext } from './repo.js';
import type { TableCache } from './tableCache.js';
import { authenticateDiner, type AuthenticatedDiner, type SessionPolicy } from './sessions.js';

/**
 * The table behind a QR token from a URL: 400 INVALID_TOKEN for something that
 * cannot be one of our tokens (no query made), 404 TABLE_NOT_FOUND for an
 * unknown, rotated or inactive one (one indexed lookup).
 */
export function tableByQrToken(db: Knex, qrToken: string | undefined): Promise<TableContext> {
  return resolveTable((token) => findActiveTable(db, token), qrToken);
}

/** The same, for read-only routes, from the per-process table cache. */
export function cachedTableByQrToken(tables: TableCache, qrToken: string | undefined): Promise<TableContext> {
  return resolveTable((token) => tables.get(token), qrToken);
}

async function resolveTable(
  find: (qrToken: string) => Promise<TableContext | undefined>,
  qrToken: string | undefined,
): Promise<TableContext> {
  if (qrToken === undefined || !qrTokenSchema.safeParse(qrToken).success) {
    throw appError('INVALID_TOKEN', undefined, 'This is not a Tableside table code.');
  }
  const table = await find(qrToken);
  if (!table) {
    throw appError('TABLE_NOT_FOUND', undefined, 'This table code is not in use. Please ask the staff for help.');
  }
  return table;
}

/**
 * A diner acting at the table in the URL: the table must exist, the token must
 * be ours and its session open, and the token must be for this very table (a
 * token of another table gets 404, as if the table were not there).
 */
export async function dinerAtTable(
  deps: Pick<Deps, 'db' | 'clock'>,
  policy: SessionPolicy,
  qrToken: string | undefined,
  token: string | undefined,
): Promise<AuthenticatedDiner & { table: TableContext }> {
  const table = await tableByQrToken(deps.db, qrToken);
  const diner = await authenticateDiner(deps, policy, token);
  if (diner.claims.tableId !== table.tableId) throw appError('TABLE_NOT_FOUND');
  return { ...diner, table };
}
