import type { Deps } from '../createServer.js';
import { closeSession, type CloseReason } from './repo.js';
import { sweepIdleSessions, type SessionPolicy } from './sessions.js';

/**
 * Ends a sitting: the session is closed in Postgres (its diner tokens die),
 * its cart is deleted, and every phone at the table is told `table:closed`.
 */
export async function closeTableSession(
  deps: Pick<Deps, 'db' | 'redis' | 'keys' | 'clock' | 'bus'>,
  sessionId: string,
  reason: CloseReason,
): Promise<boolean> {
  const closed = await closeSession(deps.db, sessionId, reason, deps.clock.now());
  if (closed) await announceClosed(deps, sessionId, reason);
  return closed;
}

async function announceClosed(
  deps: Pick<Deps, 'redis' | 'keys' | 'bus'>,
  sessionId: string,
  reason: string,
): Promise<void> {
  await deps.redis.unlink(deps.keys.cart(sessionId), deps.keys.cartOps(sessionId));
  await deps.bus.publish({ type: 'table:closed', sessionId, reason });
}

/** The sweeper's round: close idle sessions and tell their tables. */
export async function closeIdleTableSessions(
  deps: Pick<Deps, 'db' | 'redis' | 'keys' | 'clock' | 'bus'>,
  policy: Pick<SessionPolicy, 'idleMinutes'>,
): Promise<string[]> {
  const closed = await sweepIdleSessions(deps, policy);
  for (const sessionId of closed) await announceClosed(deps, sessionId, 'idle');
  return closed;
}

const TOUCH_EVERY_SECONDS = 60;

/** Records activity on a session (it keeps it from idling out), at most once a minute. */
export async function touchSession(deps: Pick<Deps, 'db' | 'redis' | 'keys' | 'clock'>, sessionId: string) {
  const first = await deps.redis.set(deps.keys.sessionTouch(sessionId), '1', 'EX', TOUCH_EVERY_SECONDS, 'NX');
  if (first !== 'OK') return;
  await deps
    .db('table_sessions')
    .where({ id: sessionId })
    .whereNull('closed_at')
    .update({ last_activity_at: deps.clock.now() });
}
