import { qrTokenSchema } from '@tableside/shared';
import type { Deps } from '../createServer.js';
import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';
import type { DinerClaims } from './dinerTokens.js';
import { findActiveTable, findTableWithSession, type TableContext, type TableWithSession } from './repo.js';
import type { TableCache } from './tableCache.js';
import {
  dinerClaims,
  notAuthenticated,
  openSessionOf,
  type AuthenticatedDiner,
  type SessionPolicy,
} from './sessions.js';

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
 * token of another table gets 404, as if the table were not there). The table
 * and the session are read in one round trip.
 */
export async function dinerAtTable(
  deps: Pick<Deps, 'db' | 'clock'>,
  policy: SessionPolicy,
  qrToken: string | undefined,
  token: string | undefined,
): Promise<AuthenticatedDiner & { table: TableContext }> {
  const { found, ...diner } = await dinerAtTableWith(deps, policy, qrToken, token, (table, claims) =>
    findTableWithSession(deps.db, table, claims?.sessionId ?? null),
  );
  return { ...diner, table: found.table };
}

/**
 * The same checks, in the same order, on what `read` found for the table's
 * QR token and the token's claims (null when the token is not one of ours):
 * the table and the session, and whatever else the route read with them in
 * that round trip, handed back as `found`.
 */
export async function dinerAtTableWith<Found extends TableWithSession>(
  deps: Pick<Deps, 'db' | 'clock'>,
  policy: SessionPolicy,
  qrToken: string | undefined,
  token: string | undefined,
  read: (qrToken: string, claims: DinerClaims | null) => Promise<Found | undefined>,
): Promise<AuthenticatedDiner & { table: TableContext; found: Found }> {
  const now = deps.clock.now();
  const claims = dinerClaims(policy, token, now);
  let found: Found | undefined;
  const table = await resolveTable(async (valid) => {
    found = await read(valid, claims);
    return found?.table;
  }, qrToken);
  // Only now: an unknown table is 404 whatever the token.
  if (!claims) throw notAuthenticated();
  const diner = await openSessionOf(deps, policy, claims, found!.session, now);
  if (diner.claims.tableId !== table.tableId) throw appError('TABLE_NOT_FOUND');
  return { ...diner, table, found: found! };
}
