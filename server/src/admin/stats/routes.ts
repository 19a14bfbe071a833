import type { Deps } from '../../createServer.js';
import type { AdminContext, AdminRoutes } from '../adminRoutes.js';
import { todayStats } from './todayStats.js';

/** Figures for the floor: how the day is going so far. */
export function registerStatsRoutes(admin: AdminRoutes, deps: Deps): void {
  admin.route('GET', '/stats/today', 'staff', async (ctx: AdminContext) => {
    ctx.body = await todayStats(deps, ctx.state.staff.restaurantId);
  });
}
