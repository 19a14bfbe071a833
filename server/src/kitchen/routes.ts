import { Router } from '@koa/router';
import { pairDeviceBodySchema } from '@tableside/shared';
import type { Config } from '../config.js';
import type { Deps } from '../createServer.js';
import { parse } from '../platform/errors.js';
import type { AppState } from '../platform/http.js';
import { createRateLimit } from '../platform/rateLimit.js';
import { pairDevice } from './devices.js';

/** `POST /api/v1/kitchen/pair`: a kiosk's first start. Attempts are rate-limited per address. */
export function kitchenRouter(deps: Deps, config: Config): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/kitchen' });
  const limit = createRateLimit(deps.redis, {
    keyPrefix: deps.keys.rateLimit('pair'),
    points: config.PAIR_RATE_PER_MINUTE,
    durationSeconds: 60,
  });
  router.post('/pair', async (ctx) => {
    await limit.consume(ctx.ip);
    const body = parse(pairDeviceBodySchema, ctx.request.body);
    const paired = await pairDevice(deps, body);
    ctx.state.log.info({ deviceId: paired.deviceId, restaurantId: paired.restaurantId }, 'kitchen device paired');
    ctx.status = 201;
    ctx.body = paired;
  });
  return router;
}
