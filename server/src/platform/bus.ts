import type { Logger } from './logger.js';
import { closeRedis, type Redis } from './redis.js';

/**
 * Notifications between the roles of every instance, over one Redis Pub/Sub
 * channel: each process that listens hears every message. Cart states are
 * published here by the cart's Lua script in the same atomic step as the
 * write, so every instance sees one table's states in version order.
 *
 * Pub/Sub delivers at most once: what listens here must tolerate a lost
 * message (clients resync by version; caches also expire).
 */
export type BusMessage =
  | { type: 'cart:state'; sessionId: string; state: unknown }
  | { type: 'table:closed'; sessionId: string; reason: string }
  | { type: 'table:changed'; tableId: string }
  | { type: 'menu:changed'; restaurantId: string; version: number }
  | { type: 'device:revoked'; deviceId: string };

export interface Bus {
  publish(message: BusMessage): Promise<void>;
  /** Adds a listener; the first one opens the subscription. */
  listen(listener: (message: BusMessage) => void): void;
  close(): Promise<void>;
}

export function createBus(redis: Redis, channel: string, logger: Logger): Bus {
  const listeners: ((message: BusMessage) => void)[] = [];
  let subscriber: Redis | undefined;

  function open(): Redis {
    // Waits for Redis however long it is away (a server starts without it), and
    // ioredis subscribes again after every reconnect.
    const client = redis.duplicate({ maxRetriesPerRequest: null });
    client.on('error', (error: Error) => logger.warn({ err: error }, 'bus subscriber error'));
    client.on('message', (_channel: string, raw: string) => {
      let message: BusMessage;
      try {
        message = JSON.parse(raw) as BusMessage;
      } catch (error) {
        logger.error({ err: error }, 'unreadable bus message');
        return;
      }
      for (const listener of listeners) {
        try {
          listener(message);
        } catch (error) {
          logger.error({ err: error, type: message.type }, 'bus listener failed');
        }
      }
    });
    client.subscribe(channel).catch((error: unknown) => logger.error({ err: error }, 'bus subscribe failed'));
    return client;
  }

  return {
    async publish(message) {
      await redis.publish(channel, JSON.stringify(message));
    },
    listen(listener) {
      listeners.push(listener);
      subscriber ??= open();
    },
    async close() {
      if (subscriber) await closeRedis(subscriber);
    },
  };
}
