import { Router } from '@koa/router';
import { attachStaffNamespace, createStaffSessions, startAdminApi } from './admin/index.js';
import type { Role } from './config.js';
import type { RoleContext, RunningRole } from './createServer.js';
import { attachDinerNamespace, createCartMemory, createCartStore } from './cart/index.js';
import { attachKitchenNamespace, deviceRoom, kitchenRouter, startStreamConsumer } from './kitchen/index.js';
import { menuRouter } from './menu/index.js';
import { ordersRouter } from './orders/index.js';
import { startRelay } from './outbox/index.js';
import type { AppState } from './platform/http.js';
import { createIo } from './platform/io.js';
import { servePwa } from './platform/staticPwa.js';
import { closeIdleTableSessions, sessionPolicy, tablesRouter } from './tables/index.js';

export type StartRole = (context: RoleContext) => RunningRole | Promise<RunningRole>;

const IDLE_SWEEP_INTERVAL_MS = 60_000;

/** The diners' HTTP API (table landing and join, the menu, orders) and kiosk pairing. */
const clientApi: StartRole = ({ config, deps, app }) => {
  const carts = createCartStore(deps.redis, deps.keys, { ttlSeconds: config.SESSION_IDLE_MINUTES * 60 });
  // One router for the whole diner API, so a request is matched against its
  // routes once; the menu comes first, as every phone revalidates it.
  const api = new Router<AppState>();
  for (const router of [
    menuRouter(deps),
    tablesRouter(deps, config),
    ordersRouter({ ...deps, carts }, config),
    kitchenRouter(deps, config),
  ]) {
    api.use(router.routes());
  }
  app.use(api.routes()).use(api.allowedMethods());
  app.use(servePwa({ distDir: config.PWA_DIST_DIR, logger: deps.logger }));
  const policy = sessionPolicy(config);
  const sweeper = setInterval(() => {
    closeIdleTableSessions(deps, policy).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'idle session sweep failed'),
    );
  }, IDLE_SWEEP_INTERVAL_MS);
  sweeper.unref();
  return { stop: async () => clearInterval(sweeper) };
};

/** Socket.IO namespaces over the Redis adapter, fed by the bus (and, later, the orders stream). */
const realtime: StartRole = async ({ config, deps, http }) => {
  const sockets = createIo(http, deps.redis, deps.logger, {
    adapterKey: deps.keys.socketIo,
    transports: config.SOCKET_TRANSPORTS,
    eventRate: { perSecond: config.SOCKET_EVENTS_PER_SECOND, burst: config.SOCKET_EVENT_BURST },
    origins: { publicOrigin: new URL(config.PUBLIC_URL).origin, allowed: config.CORS_ORIGINS },
  });
  const memory = createCartMemory();
  const carts = createCartStore(deps.redis, deps.keys, { ttlSeconds: config.SESSION_IDLE_MINUTES * 60, memory });
  const diners = attachDinerNamespace(sockets.io, deps, config, carts, memory);
  const kitchens = attachKitchenNamespace(sockets.io, deps, config);
  attachStaffNamespace(sockets.io, deps, createStaffSessions(deps.redis, deps.keys, config.STAFF_SESSION_HOURS * 3600));
  deps.bus.listen((message) => {
    diners.onBus(message);
    // A revoked kiosk is cut off at once, on whichever instance it is connected.
    if (message.type === 'device:revoked') kitchens.local.in(deviceRoom(message.deviceId)).disconnectSockets(true);
  });
  const connected = deps.metrics.gauge('tableside_sockets', 'Connected sockets by namespace', ['namespace']);
  deps.metrics.onScrape(async () => {
    for (const namespace of ['/diner', '/kitchen', '/staff']) {
      connected.set({ namespace }, sockets.io.of(namespace).sockets.size);
    }
  });
  const consumer = startStreamConsumer(deps, sockets.io, {
    group: 'realtime',
    claimIdleMs: config.STREAM_CLAIM_IDLE_MS,
    maxDeliveries: config.STREAM_MAX_DELIVERIES,
  });
  return {
    stop: async () => {
      await consumer.stop();
      await diners.drain();
      await sockets.close();
    },
  };
};

/** Publishes outbox rows the request that wrote them could not (Redis was down, the process died). */
const relay: StartRole = ({ config, deps }) =>
  startRelay(deps, {
    intervalMs: config.RELAY_INTERVAL_MS,
    minAgeMs: config.RELAY_MIN_AGE_MS,
    batchSize: 200,
    maxLen: config.ORDERS_STREAM_MAXLEN,
  });

/** What each role starts; `config.IMPLEMENTED_ROLES` lists exactly these keys. */
export const ROLE_MODULES: Partial<Record<Role, StartRole>> = {
  'client-api': clientApi,
  'admin-api': startAdminApi,
  realtime,
  relay,
};
