import { putLocationBodySchema, type LocationSettings } from '@tableside/shared';
import type { Deps } from '../../createServer.js';
import { parse } from '../../platform/errors.js';
import type { Knex } from '../../platform/db.js';
import type { AdminContext, AdminRoutes } from '../adminRoutes.js';

async function readSettings(db: Knex, restaurantId: string): Promise<LocationSettings> {
  const row = await db('restaurants')
    .where({ id: restaurantId })
    .first(
      'location_policy',
      'latitude',
      'longitude',
      'geofence_radius_m',
      db.raw('allowed_cidrs::text[] as allowed_cidrs'),
    );
  return {
    policy: row.location_policy,
    latitude: row.latitude,
    longitude: row.longitude,
    radiusM: row.geofence_radius_m,
    allowedCidrs: row.allowed_cidrs,
  };
}

/** Where orders may come from: the restaurant's networks and its geofence. */
export function registerLocationRoutes(admin: AdminRoutes, deps: Deps): void {
  admin.route('GET', '/location', 'manager', async (ctx: AdminContext) => {
    ctx.body = await readSettings(deps.db, ctx.state.staff.restaurantId);
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
    ctx.body = await readSettings(deps.db, ctx.state.staff.restaurantId);
  });
}
