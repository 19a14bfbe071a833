import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import type { Logger } from './logger.js';
import { closeRedis, type Redis } from './redis.js';

export interface IoOptions {
  /** Redis key (channel prefix) of the adapter, under the deployment's key prefix. */
  adapterKey: string;
  /** `['websocket']` needs no sticky sessions behind a load balancer. */
  transports: ('websocket' | 'polling')[];
}

/**
 * The Socket.IO server, its rooms joined across instances by the Redis
 * adapter (the classic Pub/Sub one: it needs no sharded Pub/Sub, which a
 * single Redis 7 gains nothing from, and every instance hears every room).
 */
export function createIo(http: HttpServer, redis: Redis, logger: Logger, options: IoOptions) {
  const pub = redis.duplicate();
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
  });
  return {
    io,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all([closeRedis(pub), closeRedis(sub)]);
    },
  };
}
