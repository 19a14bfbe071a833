import {
  cartAddSchema,
  cartClearSchema,
  cartRemoveSchema,
  cartSetQuantitySchema,
  cartSyncSchema,
  presentCart,
  type CartState,
  type DinerClientEvents,
  type DinerServerEvents,
} from '@tableside/shared';
import type { Namespace, Server, Socket } from 'socket.io';
import type { Config } from '../config.js';
import type { Deps } from '../createServer.js';
import type { BusMessage } from '../platform/bus.js';
import { appError, toAppError } from '../platform/errors.js';
import { onEvent } from '../platform/socket.js';
import { authenticateDiner, findDiner, listDiners, presentDiner, sessionPolicy } from '../tables/index.js';
import { addToCart, clearCart, removeLine, setLineQuantity, type CartDinerContext } from './changeCart.js';
import type { CartMemory } from './cartMemory.js';
import type { CartStore } from './cartStore.js';

type DinerSocketData = CartDinerContext;
type DinerNamespace = Namespace<DinerClientEvents, DinerServerEvents, Record<string, never>, DinerSocketData>;
type DinerSocket = Socket<DinerClientEvents, DinerServerEvents, Record<string, never>, DinerSocketData>;

export const tableRoom = (sessionId: string) => `session:${sessionId}`;
export const restaurantDinersRoom = (restaurantId: string) => `restaurant:${restaurantId}:diners`;

/**
 * The `/diner` namespace: each phone joins its table session's room, gets the
 * cart on connect, and changes it with acked ops. Cart states reach the room
 * from the bus (in version order), not from the handler that made them.
 */
export function attachDinerNamespace(io: Server, deps: Deps, config: Config, carts: CartStore, memory: CartMemory) {
  const namespace = io.of('/diner') as DinerNamespace;
  const policy = sessionPolicy(config);
  const cartDeps = { ...deps, carts };
  const hasPhonesHere = (sessionId: string) => (namespace.adapter.rooms.get(tableRoom(sessionId))?.size ?? 0) > 0;

  // Redis is back, perhaps empty (it keeps carts in memory only): write this instance's tables' carts back
  // before their phones' next op would start one from nothing.
  deps.redis.on('ready', () => {
    for (const [sessionId, cart] of memory.all()) {
      carts
        .restore(sessionId, cart)
        .then((restored) => restored && deps.logger.warn({ sessionId, version: cart.version }, 'cart restored'))
        .catch((error: unknown) => deps.logger.warn({ err: error, sessionId }, 'could not restore a cart'));
    }
  });

  namespace.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    authenticateDiner(deps, policy, typeof token === 'string' ? token : undefined)
      .then(async ({ claims, session }) => {
        const diner = await findDiner(deps.db, session.id, claims.dinerId);
        if (!diner) throw appError('UNAUTHENTICATED');
        const { id, displayName, color } = presentDiner(diner);
        socket.data = {
          restaurantId: claims.restaurantId,
          sessionId: session.id,
          diner: { dinerId: id, displayName, color },
        };
        next();
      })
      .catch((error: unknown) => {
        const refused = toAppError(error);
        next(Object.assign(new Error(refused.message), { data: refused.toWire() }));
      });
  });

  async function announceDiners(sessionId: string): Promise<void> {
    const [diners, sockets] = await Promise.all([
      listDiners(deps.db, sessionId),
      namespace.in(tableRoom(sessionId)).fetchSockets(),
    ]);
    const online = new Set(sockets.map((socket) => socket.data.diner.dinerId));
    namespace.to(tableRoom(sessionId)).emit(
      'table:diners',
      diners.map((diner) => ({ ...presentDiner(diner), online: online.has(diner.id) })),
    );
  }

  // One presence announcement per table at a time: when a whole table leaves at
  // once (or a thousand phones drop with the Wi-Fi), the joins and leaves that
  // arrive meanwhile fold into one more round instead of one round each.
  const presence = new Map<string, { running: Promise<void>; again: boolean }>();
  function schedulePresence(sessionId: string): void {
    const current = presence.get(sessionId);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: false, running: Promise.resolve() };
    state.running = (async () => {
      do {
        state.again = false;
        await announceDiners(sessionId).catch((error: unknown) =>
          deps.logger.warn({ err: error, sessionId }, 'presence update failed'),
        );
      } while (state.again);
      presence.delete(sessionId);
    })();
    presence.set(sessionId, state);
  }

  namespace.on('connection', (socket: DinerSocket) => {
    const context = socket.data;
    const log = deps.logger.child({ sessionId: context.sessionId, dinerId: context.diner.dinerId });
    socket.on(
      'cart:add',
      onEvent(cartAddSchema, log, (input) => addToCart(cartDeps, context, input)),
    );
    socket.on(
      'cart:setQuantity',
      onEvent(cartSetQuantitySchema, log, (input) => setLineQuantity(cartDeps, context, input)),
    );
    socket.on(
      'cart:remove',
      onEvent(cartRemoveSchema, log, (input) => removeLine(cartDeps, context, input)),
    );
    socket.on(
      'cart:clear',
      onEvent(cartClearSchema, log, (input) => clearCart(cartDeps, context, input)),
    );
    socket.on(
      'cart:sync',
      onEvent(cartSyncSchema, log, async () => ({
        ok: true as const,
        cart: presentCart(await carts.read(context.sessionId)),
      })),
    );
    socket.on('disconnect', (reason) => {
      if (!hasPhonesHere(context.sessionId)) memory.forget(context.sessionId);
      // On shutdown the other instances hear about it from the reconnects.
      if (reason !== 'server shutting down') schedulePresence(context.sessionId);
    });

    void socket.join([tableRoom(context.sessionId), restaurantDinersRoom(context.restaurantId)]);
    carts
      .read(context.sessionId)
      .then((cart) => {
        if (socket.connected) memory.remember(context.sessionId, cart);
        socket.emit('cart:state', presentCart(cart));
      })
      .catch((error: unknown) => log.warn({ err: error }, 'could not send the cart on connect'));
    schedulePresence(context.sessionId);
  });

  return {
    /** Waits for presence rounds in flight, so shutdown does not pull Redis from under them. */
    async drain(): Promise<void> {
      await Promise.allSettled([...presence.values()].map((state) => state.running));
    },
    /** Hands a bus notification to this instance's own sockets. */
    onBus(message: BusMessage): void {
      const local = namespace.local;
      switch (message.type) {
        case 'cart:state':
          if (hasPhonesHere(message.sessionId)) memory.remember(message.sessionId, message.state as CartState);
          local.to(tableRoom(message.sessionId)).emit('cart:state', message.state as CartState);
          break;
        case 'table:closed':
          memory.forget(message.sessionId);
          local.to(tableRoom(message.sessionId)).emit('table:closed', { reason: message.reason });
          local.in(tableRoom(message.sessionId)).disconnectSockets(false);
          break;
        case 'menu:changed':
          local.to(restaurantDinersRoom(message.restaurantId)).emit('menu:changed', { version: message.version });
          break;
      }
    },
  };
}
