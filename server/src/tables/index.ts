export { bearerToken, type DinerClaims } from './dinerTokens.js';
export {
  findActiveTable,
  tableWithSessionOf,
  tableWithSessionSql,
  type SessionRow,
  type TableContext,
  type TableWithSession,
  type TableWithSessionRow,
} from './repo.js';
export { authenticateDiner, sweepIdleSessions, type AuthenticatedDiner, type SessionPolicy } from './sessions.js';
export { cachedTableByQrToken, dinerAtTable, dinerAtTableWith, tableByQrToken } from './tableContext.js';
export { createTableCache, type TableCache } from './tableCache.js';
export { sessionPolicy, tablesRouter } from './routes.js';
export { closeIdleTableSessions, closeTableSession, touchSession } from './closeTableSession.js';
export { findDiner, listDiners, type DinerRow } from './repo.js';
export { presentDiner } from './present.js';
