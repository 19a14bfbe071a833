import { Router } from '@koa/router';
import { idempotencyKeySchema, placeOrderBodySchema } from '@tableside/shared';
import type { Config } from '../config.js';
import { appError, invalidField, parse, toAppError } from '../platform/errors.js';
import type { AppState } from '../platform/http.js';
import { bearerToken, dinerAtTable, sessionPolicy } from '../tables/index.js';
import { placeOrder, type OrderDeps } from './placeOrder.js';
import { sessionOrders } from './repo.js';
import { createSaveBatches } from './saveBatches.js';

/** Orders per save statement, at most: enough for a rush, small enough to keep one statement short. */
const SAVE_BATCH_MAX = 50;

/**
 * At most `max` submits at once in this process; one more is refused at
 * once with SERVER_BUSY (retryable, Retry-After 1), before it reads or
 * writes anything. A process past its capacity then answers the excess in
 * microseconds and keeps the time of the ones it took, where a queue
 * without end would make every submit late.
 */
function inFlightLimit(max: number) {
  let inFlight = 0;
  return {
    async run<T>(submit: () => Promise<T>): Promise<T> {
      if (inFlight >= max) throw appError('SERVER_BUSY', { retryAfterSeconds: 1 });
      inFlight++;
      try {
        return await submit();
      } finally {
        inFlight--;
      }
    },
  };
}

/** The diner's orders: placing one, and the sitting's orders for a reload or a late joiner. */
export function ordersRouter(deps: OrderDeps, config: Config): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/tables' });
  const policy = sessionPolicy(config);
  const settings = {
    sessions: policy,
    streamMaxLen: config.ORDERS_STREAM_MAXLEN,
    saves: createSaveBatches(deps.db, {
      maxBatch: SAVE_BATCH_MAX,
      lock: { retryLimit: config.STOCK_RETRY_LIMIT, onRetry: () => deps.metrics.stockRetries.inc() },
    }),
  };

  const submits = inFlightLimit(config.ORDERS_IN_FLIGHT_MAX);

  router.post('/:qrToken/orders', async (ctx) => {
    const key = ctx.get('idempotency-key');
    if (!key) {
      throw appError(
        'IDEMPOTENCY_KEY_REQUIRED',
        undefined,
        'Send an Idempotency-Key header (a UUID) with every submit.',
      );
    }
    if (!idempotencyKeySchema.safeParse(key).success) {
      throw invalidField('Idempotency-Key', 'must be a UUID');
    }
    const body = parse(placeOrderBodySchema, ctx.request.body);
    const { order, replayed } = await submits
      .run(() =>
        placeOrder(deps, settings, {
          qrToken: ctx.params.qrToken,
          dinerToken: bearerToken(ctx.get('authorization')),
          idempotencyKey: key,
          cartVersion: body.cartVersion,
          location: body.location,
          note: body.note,
          clientIp: ctx.ip,
        }),
      )
      .catch((error: unknown) => {
        deps.metrics.ordersFailed.inc({ code: toAppError(error).code });
        throw error;
      });
    if (!replayed) deps.metrics.ordersPlaced.inc();
    ctx.state.log.info(
      { orderId: order.id, number: order.number, replayed },
      replayed ? 'order replayed' : 'order placed',
    );
    ctx.status = replayed ? 200 : 201;
    ctx.body = { order };
  });

  router.get('/:qrToken/orders', async (ctx) => {
    const { session } = await dinerAtTable(deps, policy, ctx.params.qrToken, bearerToken(ctx.get('authorization')));
    ctx.body = { orders: await sessionOrders(deps.db, session.id) };
  });

  return router;
}
