import { randomInt } from 'node:crypto';
import { OPEN_ORDER_STATUSES } from '@tableside/shared';
import type { Deps } from '../../createServer.js';
import { hashPairingCode } from '../../kitchen/index.js';
import { appError } from '../../platform/errors.js';
import type { AdminContext, AdminRoutes } from '../adminRoutes.js';
import { uuidParam } from '../params.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PAIRING_CODE_MINUTES = 10;
/** A device seen this recently counts as online. */
const ONLINE_WITHIN_MS = 2 * 60_000;

function newPairingCode(): string {
  const chars = Array.from({ length: 8 }, () => CROCKFORD[randomInt(CROCKFORD.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** Kitchen devices: who is paired and how they are doing; new pairing codes; revoking. */
export function registerDeviceRoutes(admin: AdminRoutes, deps: Deps): void {
  admin.route('GET', '/devices', 'manager', async (ctx: AdminContext) => {
    const restaurantId = ctx.state.staff.restaurantId;
    const devices = await deps
      .db('kitchen_devices')
      .where({ restaurant_id: restaurantId })
      .whereNull('revoked_at')
      .orderBy('created_at')
      .select('id', 'name', 'created_at', 'last_seen_at');
    const now = deps.clock.now().getTime();
    ctx.body = {
      devices: await Promise.all(
        devices.map(async (device) => {
          // Open orders this device has not acknowledged yet.
          const pending = await deps
            .db('orders as o')
            .where({ 'o.restaurant_id': restaurantId })
            .whereIn('o.status', OPEN_ORDER_STATUSES)
            .whereNotExists(deps.db('order_acks as a').whereRaw('a.order_id = o.id').andWhere('a.device_id', device.id))
            .count<{ count: number }>('* as count')
            .first();
          return {
            id: device.id,
            name: device.name,
            createdAt: device.created_at.toISOString(),
            lastSeenAt: device.last_seen_at?.toISOString() ?? null,
            online: device.last_seen_at ? now - device.last_seen_at.getTime() < ONLINE_WITHIN_MS : false,
            pendingAcks: pending?.count ?? 0,
          };
        }),
      ),
    };
  });

  admin.route('POST', '/devices/pairing-codes', 'manager', async (ctx: AdminContext) => {
    const code = newPairingCode();
    const expiresAt = new Date(deps.clock.now().getTime() + PAIRING_CODE_MINUTES * 60_000);
    await deps.db('kitchen_pairing_codes').insert({
      restaurant_id: ctx.state.staff.restaurantId,
      code_hash: hashPairingCode(code.replace('-', '')),
      expires_at: expiresAt,
      created_by: ctx.state.staff.user.id,
    });
    ctx.status = 201;
    ctx.body = { code, expiresAt: expiresAt.toISOString() };
  });

  admin.route('DELETE', '/devices/:id', 'manager', async (ctx: AdminContext) => {
    const deviceId = uuidParam(ctx, 'id');
    const revoked = await deps
      .db('kitchen_devices')
      .where({ id: deviceId, restaurant_id: ctx.state.staff.restaurantId })
      .whereNull('revoked_at')
      .update({ revoked_at: deps.clock.now() });
    if (revoked === 0) throw appError('NOT_FOUND', undefined, 'No such kitchen device.');
    // Its sockets, on whichever instance, are disconnected at once.
    await deps.bus.publish({ type: 'device:revoked', deviceId });
    ctx.state.log.info({ deviceId }, 'kitchen device revoked');
    ctx.status = 204;
  });
}
