import type { Role } from './config.js';
import type { RoleContext, RunningRole } from './createServer.js';
import { createMenuCache, menuRouter } from './menu/index.js';
import { sessionPolicy, sweepIdleSessions, tablesRouter } from './tables/index.js';

export type StartRole = (context: RoleContext) => RunningRole | Promise<RunningRole>;

const IDLE_SWEEP_INTERVAL_MS = 60_000;

/** The diners' HTTP API: table landing and join, the menu, and (later) orders. */
const clientApi: StartRole = ({ config, deps, app }) => {
  const menus = createMenuCache(deps.db);
  for (const router of [tablesRouter(deps, config), menuRouter(deps, menus)]) {
    app.use(router.routes()).use(router.allowedMethods());
  }
  const policy = sessionPolicy(config);
  const sweeper = setInterval(() => {
    sweepIdleSessions(deps, policy).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'idle session sweep failed'),
    );
  }, IDLE_SWEEP_INTERVAL_MS);
  sweeper.unref();
  return { stop: async () => clearInterval(sweeper) };
};

/** What each role starts; `config.IMPLEMENTED_ROLES` lists exactly these keys. */
export const ROLE_MODULES: Partial<Record<Role, StartRole>> = {
  'client-api': clientApi,
};
