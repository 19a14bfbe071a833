import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from '@koa/router';
import type { Config } from './config.js';
import { systemClock, type Clock } from './platform/clock.js';
import { createDb, type Knex } from './platform/db.js';
import { healthRouter } from './platform/health.js';
import { createHttpApp, type AppState, type HttpApp } from './platform/http.js';
import { createLogger, type Logger } from './platform/logger.js';
import { closeRedis, createKeys, createRedis, type Keys, type Redis } from './platform/redis.js';
import { createMenuCache, type MenuCache } from './menu/index.js';
import { createBus, type Bus } from './platform/bus.js';
import { createMetrics, type Metrics } from './platform/metrics.js';
import { metricsRouter } from './platform/metricsRoute.js';
import { createTableCache, type TableCache } from './tables/index.js';
import { ROLE_MODULES } from './roles.js';
import { createPublishedMarks, type PublishedMarks } from './outbox/index.js';

export interface Deps {
  db: Knex;
  redis: Redis;
  keys: Keys;
  logger: Logger;
  clock: Clock;
  /** The serialized menu per restaurant and version, shared by every role in the process. */
  menus: MenuCache;
  /** Tables by QR token for read-only routes, kept fresh by the bus. */
  tables: TableCache;
  bus: Bus;
  metrics: Metrics;
  /** Outbox rows this process appended to the stream, marked published in batches. */
  published: PublishedMarks;
}

/** What a role gets to plug itself into the process. */
export interface RoleContext {
  config: Config;
  deps: Deps;
  app: HttpApp;
  http: Server;
}
/** A started role; `stop` lets in-flight work finish and releases what it holds. */
export interface RunningRole {
  stop(): Promise<void>;
}

export interface TablesideServer {
  readonly config: Config;
  readonly deps: Deps;
  readonly http: Server;
  /** Starts listening on `config.PORT` (0 picks a free port) and resolves to the port. */
  listen(): Promise<number>;
  /** Stops accepting, drains in-flight requests, stops the roles, closes Postgres and Redis. */
  close(): Promise<void>;
}

/**
 * A client that trickles its request (slowloris) is answered 408 and cut off
 * instead of holding a connection open forever. Node checks the deadlines on
 * a timer, 30 s apart by default: often enough here that they hold to within
 * a quarter of the shorter one.
 */
function slowClientLimits(config: Config) {
  return {
    headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(1_000, Math.ceil(config.HTTP_HEADERS_TIMEOUT_MS / 4)),
  };
}

/** Marks wait a tenth of a second for company: at 100 orders/s, one statement marks ten. */
const PUBLISHED_MARKS = { delayMs: 100, maxBatch: 500 };

/**
 * Builds the whole server for the roles in `config.ROLE` without listening.
 * Dependencies not passed in are created from the config and closed with it.
 */
export async function createServer(config: Config, given: Partial<Deps> = {}): Promise<TablesideServer> {
  const logger = given.logger ?? createLogger(config);
  const db =
    given.db ??
    createDb(config.DATABASE_URL, config.DATABASE_POOL_MAX, {
      logger,
      statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    });
  const redis = given.redis ?? createRedis(config.REDIS_URL);
  // An unreachable Redis must not crash the process; /readyz reports it.
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));
  const keys = given.keys ?? createKeys(config.REDIS_KEY_PREFIX);
  const deps: Deps = {
    db,
    redis,
    logger,
    keys,
    clock: given.clock ?? systemClock,
    menus: given.menus ?? createMenuCache(db, { versionTtlMs: config.TABLE_CACHE_TTL_MS }),
    tables: given.tables ?? createTableCache(db, { ttlMs: config.TABLE_CACHE_TTL_MS }),
    bus: given.bus ?? createBus(redis, keys.bus, logger),
    metrics: given.metrics ?? createMetrics(),
    published: given.published ?? createPublishedMarks(db, logger, PUBLISHED_MARKS),
  };

  // Caches of this process follow the bus before any role hears a message, so a
  // diner told `menu:changed` can already not add what just went unavailable.
  deps.bus.listen((message) => {
    if (message.type === 'menu:changed') {
      deps.tables.menuChanged(message.restaurantId, message.version);
      deps.menus.menuChanged(message.restaurantId, message.version);
    }
    if (message.type === 'table:changed') deps.tables.tableChanged(message.tableId);
  });

  const app = createHttpApp({
    logger,
    trustProxy: config.TRUST_PROXY,
    metrics: deps.metrics,
    corsOrigins: config.CORS_ORIGINS,
  });
  // Koa composes its middleware when `callback()` is called, so the handler is
  // built once every role has mounted its routes; it is registered first so
  // that Socket.IO, attached by a role, wraps it as it expects.
  const koa: { handle?: ReturnType<HttpApp['callback']> } = {};
  const http = createHttpServer(slowClientLimits(config), (req, res) => koa.handle!(req, res));

  const running: RunningRole[] = [];
  for (const role of config.ROLE) {
    const start = ROLE_MODULES[role];
    if (!start) throw new Error(`role "${role}" has no implementation`);
    running.push(await start({ config, deps, app, http }));
  }
  // Probes and scrapes come last: they are a few requests a minute, the roles' routes are the traffic.
  const operations = new Router<AppState>();
  operations.use(healthRouter(deps).routes()).use(metricsRouter(deps, config).routes());
  app.use(operations.routes()).use(operations.allowedMethods());
  koa.handle = app.callback();

  let closing: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    // Stop accepting, let roles close their long-lived connections (sockets,
    // stream readers), then wait for in-flight requests up to the deadline.
    const drained = http.listening ? new Promise<void>((resolve) => http.close(() => resolve())) : Promise.resolve();
    http.closeIdleConnections();
    for (const role of running.reverse()) await role.stop();
    const deadline = setTimeout(() => http.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
    await drained;
    clearTimeout(deadline);
    await deps.published.flush();
    if (!given.bus) await deps.bus.close();
    if (!given.db) await db.destroy();
    if (!given.redis) await closeRedis(redis);
  }

  return {
    config,
    deps,
    http,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.PORT, config.HOST, () => {
          http.off('error', reject);
          resolve((http.address() as AddressInfo).port);
        });
      }),
    close: () => (closing ??= shutdown()),
  };
}
