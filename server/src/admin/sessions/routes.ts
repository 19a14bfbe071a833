import { cartTotalCents, cartItemCount } from '@tableside/shared';
import type { CartStore } from '../../cart/index.js';
import type { Deps } from '../../createServer.js';
import { appError } from '../../platform/errors.js';
import { closeTableSession, listDiners, presentDiner } from '../../tables/index.js';
import type { AdminContext, AdminRoutes } from '../adminRoutes.js';
import { uuidParam } from '../params.js';

/** Open tables: who is seated, what is in their cart, what they ordered; and closing a sitting. */
export function registerSessionRoutes(admin: AdminRoutes, deps: Deps, carts: CartStore): void {
  admin.route('GET', '/sessions', 'manager', async (ctx: AdminContext) => {
    const sessions = await deps
      .db('table_sessions as s')
      .join('tables as t', 't.id', 's.table_id')
      .where({ 's.restaurant_id': ctx.state.staff.restaurantId })
      .whereNull('s.closed_at')
      .orderBy('s.opened_at')
      .select('s.id', 's.opened_at', 's.last_activity_at', 't.id as table_id', 't.label');
    const orders: { session_id: string; count: number | string; total: number | string | null }[] = (await deps
      .db('orders')
      .whereIn(
        'session_id',
        sessions.map((session) => session.id),
      )
      // What the table owes: a cancelled order is neither counted nor charged.
      .whereNot('status', 'cancelled')
      .groupBy('session_id')
      .select('session_id')
      .count({ count: '*' })
      .sum({ total: 'total_cents' })) as never;
    ctx.body = {
      sessions: await Promise.all(
        sessions.map(async (session) => {
          const cart = await carts.read(session.id);
          const ordered = orders.find((row) => row.session_id === session.id);
          return {
            id: session.id,
            table: { id: session.table_id, label: session.label },
            openedAt: session.opened_at.toISOString(),
            lastActivityAt: session.last_activity_at.toISOString(),
            diners: (await listDiners(deps.db, session.id)).map(presentDiner),
            cart: { version: cart.version, items: cartItemCount(cart), totalCents: cartTotalCents(cart) },
            orders: { count: Number(ordered?.count ?? 0), totalCents: Number(ordered?.total ?? 0) },
          };
        }),
      ),
    };
  });

  admin.route('POST', '/sessions/:id/close', 'manager', async (ctx: AdminContext) => {
    const sessionId = uuidParam(ctx, 'id');
    const session = await deps
      .db('table_sessions')
      .where({ id: sessionId, restaurant_id: ctx.state.staff.restaurantId })
      .first('id', 'closed_at');
    if (!session) throw appError('NOT_FOUND', undefined, 'No such table session.');
    if (session.closed_at) throw appError('INVALID_TRANSITION', undefined, 'This table was already closed.');
    await closeTableSession(deps, sessionId, 'staff');
    ctx.status = 204;
  });
}
