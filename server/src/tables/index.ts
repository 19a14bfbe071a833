export { bearerToken, type DinerClaims } from './dinerTokens.js';
export { findActiveTable, type TableContext, type SessionRow } from './repo.js';
export { authenticateDiner, sweepIdleSessions, type AuthenticatedDiner, type SessionPolicy } from './sessions.js';
export { dinerAtTable, tableByQrToken } from './tableContext.js';
export { sessionPolicy, tablesRouter } from './routes.js';
