import {
  cancelOrderBodySchema,
  listOrdersQuerySchema,
  orderRecallBodySchema,
  orderStatusBodySchema,
} from '@tableside/shared';
import type { Config } from '../../config.js';
import type { Deps } from '../../createServer.js';
import { changeOrderStatus, loadOrder, type StatusMove } from '../../orders/index.js';
import { appError, parse } from '../../platform/errors.js';
import { uuidParam } from '../params.js';
import type { AdminContext, AdminRoutes } from '../adminRoutes.js';
import { cancelOrder } from './cancelOrder.js';
import { listOrders, orderEvents, restockOnCancel } from './repo.js';

/** Orders for everyone on the floor: list, detail with history, move along, cancel. */
export function registerOrderRoutes(admin: AdminRoutes, deps: Deps, config: Config): void {
  const streamMaxLen = config.ORDERS_STREAM_MAXLEN;

  admin.route('GET', '/orders', 'staff', async (ctx: AdminContext) => {
    const filters = parse(listOrdersQuerySchema, ctx.query);
    ctx.body = await listOrders(deps.db, ctx.state.staff.restaurantId, filters);
  });

  admin.route('GET', '/orders/:id', 'staff', async (ctx: AdminContext) => {
    const order = await loadOrder(deps.db, ctx.state.staff.restaurantId, uuidParam(ctx, 'id'));
    if (!order) throw appError('NOT_FOUND', undefined, 'No such order.');
    ctx.body = {
      order,
      events: await orderEvents(deps.db, order.id),
      restockOnCancel: await restockOnCancel(deps.db, ctx.state.staff.restaurantId, order.id),
    };
  });

  const move = async (ctx: AdminContext, move: StatusMove) => {
    const order = await changeOrderStatus(deps, {
      restaurantId: ctx.state.staff.restaurantId,
      orderId: uuidParam(ctx, 'id'),
      move,
      actor: { type: 'staff', id: ctx.state.staff.user.id },
      streamMaxLen,
    });
    ctx.body = { order };
  };

  admin.route('POST', '/orders/:id/status', 'staff', async (ctx: AdminContext) => {
    const body = parse(orderStatusBodySchema, ctx.request.body);
    await move(
      ctx,
      body.to === 'accepted' ? { kind: 'ack' } : { kind: 'bump', to: body.to, expectedVersion: body.expectedVersion },
    );
  });

  admin.route('POST', '/orders/:id/recall', 'staff', async (ctx: AdminContext) => {
    const body = parse(orderRecallBodySchema, ctx.request.body);
    await move(ctx, { kind: 'recall', expectedVersion: body.expectedVersion });
  });

  admin.route('POST', '/orders/:id/cancel', 'staff', async (ctx: AdminContext) => {
    const body = parse(cancelOrderBodySchema, ctx.request.body);
    ctx.body = await cancelOrder(deps, {
      restaurantId: ctx.state.staff.restaurantId,
      orderId: uuidParam(ctx, 'id'),
      reason: body.reason,
      expectedVersion: body.expectedVersion,
      staffId: ctx.state.staff.user.id,
      streamMaxLen,
    });
  });
}
