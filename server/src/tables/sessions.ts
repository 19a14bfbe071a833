import type { Deps } from '../createServer.js';
import { appError } from '../platform/errors.js';
import { verifyDinerToken, type DinerClaims } from './dinerTokens.js';
import {
  closeIdleSessions,
  closeSession,
  findOpenSession,
  findSession,
  type SessionRow,
  type TableContext,
} from './repo.js';

export interface SessionPolicy {
  idleMinutes: number;
  tokenSecret: string;
}

function idleCutoff(now: Date, idleMinutes: number): Date {
  return new Date(now.getTime() - idleMinutes * 60_000);
}

function isIdle(session: SessionRow, now: Date, idleMinutes: number): boolean {
  return session.last_activity_at < idleCutoff(now, idleMinutes);
}

/**
 * The table's open session, if it has one that is not past its idle time. A
 * session found idle is closed here, so the next scan starts a fresh sitting
 * even if the sweeper has not run yet.
 */
export async function currentSession(
  deps: Pick<Deps, 'db' | 'clock'>,
  table: TableContext,
  policy: Pick<SessionPolicy, 'idleMinutes'>,
): Promise<SessionRow | undefined> {
  const session = await findOpenSession(deps.db, table.tableId);
  if (!session) return undefined;
  const now = deps.clock.now();
  if (!isIdle(session, now, policy.idleMinutes)) return session;
  await closeSession(deps.db, session.id, 'idle', now);
  return undefined;
}

export interface AuthenticatedDiner {
  claims: DinerClaims;
  session: SessionRow;
}

/**
 * Checks a diner token: our signature, and a session that is still open.
 * Throws UNAUTHENTICATED for a token we did not issue and SESSION_CLOSED for
 * one whose sitting is over (closed by staff, by a QR rotation, or idle).
 */
export async function authenticateDiner(
  deps: Pick<Deps, 'db' | 'clock'>,
  policy: SessionPolicy,
  token: string | undefined,
): Promise<AuthenticatedDiner> {
  const now = deps.clock.now();
  const claims = dinerClaims(policy, token, now);
  if (!claims) throw notAuthenticated();
  return openSessionOf(deps, policy, claims, await findSession(deps.db, claims.sessionId), now);
}

/** The claims of a diner token we signed and that has not expired. */
export function dinerClaims(policy: SessionPolicy, token: string | undefined, now: Date): DinerClaims | null {
  return token ? verifyDinerToken(policy.tokenSecret, token, now) : null;
}

export const notAuthenticated = () =>
  appError('UNAUTHENTICATED', undefined, 'Scan the QR code on your table to join it.');

/**
 * The diner, if `session` (found by the claims' session id) is theirs and
 * still open; a session found idle is closed here.
 */
export async function openSessionOf(
  deps: Pick<Deps, 'db'>,
  policy: SessionPolicy,
  claims: DinerClaims,
  session: SessionRow | undefined,
  now: Date,
): Promise<AuthenticatedDiner> {
  if (!session || session.table_id !== claims.tableId || session.restaurant_id !== claims.restaurantId) {
    throw notAuthenticated();
  }
  if (session.closed_at || isIdle(session, now, policy.idleMinutes)) {
    if (!session.closed_at) await closeSession(deps.db, session.id, 'idle', now);
    throw appError('SESSION_CLOSED', undefined, 'This table’s session has ended. Scan the QR code to start a new one.');
  }
  return { claims, session };
}

/** Closes every session idle past the policy; returns the ids it closed. */
export async function sweepIdleSessions(
  deps: Pick<Deps, 'db' | 'clock'>,
  policy: Pick<SessionPolicy, 'idleMinutes'>,
): Promise<string[]> {
  const now = deps.clock.now();
  return closeIdleSessions(deps.db, idleCutoff(now, policy.idleMinutes), now);
}
