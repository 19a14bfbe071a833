import {
  OPEN_ORDER_STATUSES,
  kitchenAckSchema,
  kitchenBumpSchema,
  kitchenRecallSchema,
  kitchenSyncSchema,
  type KitchenClientEvents,
  type KitchenServerEvents,
} from '@tableside/shared';
import type { Namespace, Server, Socket } from 'socket.io';
import type { Config } from '../config.js';
import type { Deps } from '../createServer.js';
import { changeOrderStatus, openOrders, type StatusMove } from '../orders/index.js';
import { toAppError } from '../platform/errors.js';
import { onEvent } from '../platform/socket.js';
import { authenticateDevice, touchDevice } from './devices.js';

interface KitchenSocketData {
  deviceId: string;
  restaurantId: string;
}
type KitchenNamespace = Namespace<KitchenClientEvents, KitchenServerEvents, Record<string, never>, KitchenSocketData>;
type KitchenSocket = Socket<KitchenClientEvents, KitchenServerEvents, Record<string, never>, KitchenSocketData>;

export const kitchenRoom = (restaurantId: string) => `restaurant:${restaurantId}:kitchen`;
export const deviceRoom = (deviceId: string) => `device:${deviceId}`;

/**
 * The `/kitchen` namespace: paired devices join their restaurant's kitchen
 * room, sync open orders from Postgres, and ack, bump and recall orders with
 * an optimistic version check.
 */
export function attachKitchenNamespace(io: Server, deps: Deps, config: Config) {
  const namespace = io.of('/kitchen') as KitchenNamespace;

  namespace.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    authenticateDevice(deps.db, token)
      .then((device) => {
        socket.data = { deviceId: device.id, restaurantId: device.restaurant_id };
        next();
      })
      .catch((error: unknown) => {
        const refused = toAppError(error);
        next(Object.assign(new Error(refused.message), { data: refused.toWire() }));
      });
  });

  namespace.on('connection', (socket: KitchenSocket) => {
    const { deviceId, restaurantId } = socket.data;
    const log = deps.logger.child({ deviceId, restaurantId });
    const change = (orderId: string, move: StatusMove) =>
      changeOrderStatus(deps, {
        restaurantId,
        orderId,
        move,
        actor: { type: 'kitchen', id: deviceId },
        streamMaxLen: config.ORDERS_STREAM_MAXLEN,
      }).then((order) => ({ ok: true as const, order }));

    socket.on(
      'kitchen:sync',
      onEvent(kitchenSyncSchema, log, async () => {
        // A kiosk syncs on every reconnect and on a timer: that is its heartbeat.
        await touchDevice(deps.db, deviceId, deps.clock.now());
        return { ok: true as const, orders: await openOrders(deps.db, restaurantId, OPEN_ORDER_STATUSES) };
      }),
    );
    socket.on(
      'kitchen:ack',
      onEvent(kitchenAckSchema, log, (input) => change(input.orderId, { kind: 'ack' })),
    );
    socket.on(
      'kitchen:bump',
      onEvent(kitchenBumpSchema, log, (input) =>
        change(input.orderId, { kind: 'bump', to: input.to, expectedVersion: input.expectedVersion }),
      ),
    );
    socket.on(
      'kitchen:recall',
      onEvent(kitchenRecallSchema, log, (input) =>
        change(input.orderId, { kind: 'recall', expectedVersion: input.expectedVersion }),
      ),
    );

    void socket.join([kitchenRoom(restaurantId), deviceRoom(deviceId)]);
    touchDevice(deps.db, deviceId, deps.clock.now()).catch((error: unknown) =>
      log.warn({ err: error }, 'could not record the device as seen'),
    );
  });

  return namespace;
}
