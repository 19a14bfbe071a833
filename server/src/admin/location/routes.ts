import { locationDryRunBodySchema, putLocationBodySchema } from '@tableside/shared';
import type { Deps } from '../../createServer.js';
import { readLocationRules } from '../../orders/index.js';
import { appError, parse } from '../../platform/errors.js';
import type { AdminContext, AdminRoutes } from '../adminRoutes.js';
import { dryRunLocation } from './dryRunLocation.js';

/** Where orders may come from: the restaurant's networks and its geofence. */
export function registerLocationRoutes(admin: AdminRoutes, deps: Deps): void {
  const savedRules = async (ctx: AdminContext) => {
    const rules = await readLocationRules(deps.db, ctx.state.staff.restaurantId);
    if (!rules) throw appError('NOT_FOUND', undefined, 'No such restaurant.');
    return rules;
  };

  admin.route('GET', '/location', 'manager', async (ctx: AdminContext) => {
    ctx.body = await savedRules(ctx);
  });

  admin.route('PUT', '/location', 'manager', async (ctx: AdminContext) => {
    const body = parse(putLocationBodySchema, ctx.request.body);
    await deps
      .db('restaurants')
      .where({ id: ctx.state.staff.restaurantId })
      .update({
        location_policy: body.policy,
        latitude: body.latitude,
        longitude: body.longitude,
        geofence_radius_m: body.radiusM,
        allowed_cidrs: deps.db.raw('?::cidr[]', [`{${body.allowedCidrs.join(',')}}`]),
        updated_at: deps.db.fn.now(),
      });
    ctx.state.log.info({ policy: body.policy }, 'location rules changed');
    ctx.body = await savedRules(ctx);
  });

  // The caller's address is found as for an order (ctx.ip, which believes X-Forwarded-For only under TRUST_PROXY).
  admin.route('POST', '/location/dry-run', 'manager', async (ctx: AdminContext) => {
    const body = parse(locationDryRunBodySchema, ctx.request.body);
    ctx.body = dryRunLocation(body.settings ?? (await savedRules(ctx)), ctx.ip, body.location);
  });
}
