import type { Deps } from '../../createServer.js';
import { closeTableSession } from '../../tables/index.js';
import { findOpenSessionId } from './repo.js';

type CloseReason = Parameters<typeof closeTableSession>[2];

/** Ends the table's sitting, if one is open: its diner tokens die, its cart goes, its phones are told. */
export async function closeOpenSession(
  deps: Pick<Deps, 'db' | 'redis' | 'keys' | 'clock' | 'bus'>,
  tableId: string,
  reason: CloseReason,
): Promise<void> {
  const sessionId = await findOpenSessionId(deps.db, tableId);
  if (sessionId) await closeTableSession(deps, sessionId, reason);
}
