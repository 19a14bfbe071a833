import type { Config } from '../config.js';
import type { Deps } from '../createServer.js';
import type { StartRole } from '../roles.js';
import { createAdminRoutes } from './adminRoutes.js';
import { registerAuthRoutes } from './auth/routes.js';
import { createStaffSessions } from './auth/staffSessions.js';
import { registerDeviceRoutes } from './devices/routes.js';
import { registerLocationRoutes } from './location/routes.js';
import { registerMenuRoutes } from './menu/routes.js';
import { registerOrderRoutes } from './orders/routes.js';
import { registerSessionRoutes } from './sessions/routes.js';
import { registerStaffRoutes } from './staff/routes.js';
import { registerStatsRoutes } from './stats/routes.js';
import { registerTableRoutes } from './tables/routes.js';
import { createCartStore } from '../cart/index.js';

export { createStaffSessions, type StaffSessions } from './auth/staffSessions.js';
export { STAFF_COOKIE, type AdminRouteSpec } from './adminRoutes.js';
export { attachStaffNamespace, staffRoom } from './staffSocket.js';

/**
 * The owner's API under /api/v1/admin: each area registers its routes, each
 * with the least role that may call it. Returns the router and the list of
 * declared routes (the test that checks every route's guard walks both).
 */
export function buildAdminApi(deps: Deps, config: Config) {
  const sessions = createStaffSessions(deps.redis, deps.keys, config.STAFF_SESSION_HOURS * 3600);
  const admin = createAdminRoutes(deps, config, sessions);
  const carts = createCartStore(deps.redis, deps.keys, { ttlSeconds: config.SESSION_IDLE_MINUTES * 60 });
  registerAuthRoutes(admin, deps, config, sessions);
  registerOrderRoutes(admin, deps, config);
  registerSessionRoutes(admin, deps, carts);
  registerLocationRoutes(admin, deps);
  registerMenuRoutes(admin, deps);
  registerDeviceRoutes(admin, deps);
  registerStaffRoutes(admin, deps, sessions);
  registerStatsRoutes(admin, deps);
  registerTableRoutes(admin, deps, config);
  return { router: admin.router, specs: admin.specs, sessions };
}

export const startAdminApi: StartRole = ({ config, deps, app }) => {
  const { router } = buildAdminApi(deps, config);
  app.use(router.routes()).use(router.allowedMethods());
  return { stop: async () => undefined };
};
