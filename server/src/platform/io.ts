import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import { socketOriginAllowed } from './cors.js';
import type { Logger } from './logger.js';
import { closeRedis, type Redis } from './redis.js';
import { guardEvents, type EventRate } from './socketGuards.js';

export interface IoOptions {
  /** Redis key (channel prefix) of the adapter, under the deployment's key prefix. */
  adapterKey: string;
  /** `['websocket']` needs no sticky sessions behind a load balancer. */
  transports: ('websocket' | 'polling')[];
  /** Per-socket event limit, in every namespace. */
  eventRate: EventRate;
  /** Browser origins allowed besides the server's own (CORS_ORIGINS), and PUBLIC_URL's origin. */
  origins: { publicOrigin: string; allowed: readonly string[] };
}

/**
 * The Socket.IO server, its rooms joined across instances by the Redis
 * adapter (the classic Pub/Sub one: it needs no sharded Pub/Sub, which a
 * single Redis 7 gains nothing from, and every instance hears every room).
 */
export function createIo(http: HttpServer, redis: Redis, logger: Logger, options: IoOptions) {
  // An order reaches its table, its kitchen and the staff in one tick: three
  // PUBLISHes that auto-pipelining sends in one write (each write costs).
  const pub = redis.duplicate({ enableAutoPipelining: true });
  // The adapter publishes and never looks at the answer: one that fails (Redis
  // away, or the client closing as the process stops) is logged here instead
  // of becoming an unhandled rejection.
  const publish = pub.publish.bind(pub) as (channel: string, message: string | Buffer) => Promise<number>;
  pub.publish = ((channel: string, message: string | Buffer) =>
    publish(channel, message).catch((error: unknown) => {
      logger.warn({ err: error }, 'socket.io adapter publish failed');
      return 0;
    })) as typeof pub.publish;
  // The subscriber waits for Redis however long it is away, so rooms work again once it is back.
  const sub = redis.duplicate({ maxRetriesPerRequest: null });
  for (const client of [pub, sub]) {
    client.on('error', (error: Error) => logger.warn({ err: error }, 'socket.io adapter redis error'));
  }
  const io = new Server(http, {
    adapter: createAdapter(pub, sub, { key: options.adapterKey, requestsTimeout: 3_000 }),
    transports: options.transports,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    serveClient: false,
    // Polling answers carry CORS headers only for listed origins; handshakes from other sites are refused.
    ...(options.origins.allowed.length > 0 ? { cors: { origin: [...options.origins.allowed] } } : {}),
    allowRequest: (req, callback) =>
      callback(null, socketOriginAllowed(req.headers.origin, req.headers.host, options.origins)),
  });
  io.on('new_namespace', (namespace) =>
    namespace.on('connection', (socket) => guardEvents(socket, options.eventRate, logger)),
  );
  cutOffSlowReaders(io, logger, MAX_QUEUED_BYTES);
  return {
    io,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all([closeRedis(pub), closeRedis(sub)]);
    },
  };
}

/**
 * What one connection may have waiting to go out before it counts as not
 * reading. A phone that stops reading (a dead radio, a frozen tab) would
 * otherwise make the server buffer every cart state of its busy table until
 * the ping timeout, 40 s later. Cut off, it syncs the whole cart when it
 * comes back; a phone that reads at all never gets near this.
 */
const MAX_QUEUED_BYTES = 1024 * 1024;

/**
 * Closes any connection with more than `maxQueuedBytes` waiting: packets
 * engine.io holds because the transport is still busy with earlier ones, plus
 * what the WebSocket has not yet handed to the kernel. Counted as packets
 * are created, so a socket that stops reading costs at most that much.
 */
function cutOffSlowReaders(io: Server, logger: Logger, maxQueuedBytes: number): void {
  io.engine.on('connection', (connection: Socket['conn']) => {
    let held = 0;
    connection.on('flush', () => (held = 0));
    connection.on('packetCreate', (packet: { data?: unknown }) => {
      const { data } = packet;
      held += typeof data === 'string' ? Buffer.byteLength(data) : Buffer.isBuffer(data) ? data.length : 0;
      // The WebSocket transport's `socket` is the `ws` connection; polling has none.
      const ws = (connection.transport as { socket?: { bufferedAmount: number; terminate(): void } }).socket;
      const queuedBytes = held + (ws?.bufferedAmount ?? 0);
      if (queuedBytes <= maxQueuedBytes || connection.readyState !== 'open') return;
      logger.warn(
        { queuedBytes, transport: connection.transport.name, remoteAddress: connection.remoteAddress },
        'socket not reading: disconnected (slow consumer)',
      );
      connection.close(true);
      ws?.terminate();
    });
  });
}
