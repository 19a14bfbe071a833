import type { Logger } from './logger.js';
import { closeRedis, type Redis } from './redis.js';

/**
 * Notifications from any role to the realtime instances, over one Redis
 * Pub/Sub channel: every realtime instance hears every message and hands it to
 * its own sockets. Cart states are published here by the cart's Lua script in
 * the same atomic step as the write, so every instance sees one table's states
 * in version order.
 */
export type BusMessage =
  | { type: 'cart:state'; sessionId: string; state: unknown }
  | { type: 'table:closed'; sessionId: string; reason: string }
  | { type: 'menu:changed'; restaurantId: string; version: number };

export function publish(redis: Redis, channel: string, message: BusMessage): Promise<number> {
  return redis.publish(channel, JSON.stringify(message));
}

/** Subscribes on a connection of its own; returns a function that unsubscribes and closes it. */
export function subscribe(
  redis: Redis,
  channel: string,
  logger: Logger,
  onMessage: (message: BusMessage) => void,
): () => Promise<void> {
  // Waits for Redis however long it is away (a server starts without it), and
  // ioredis subscribes again after every reconnect.
  const subscriber = redis.duplicate({ maxRetriesPerRequest: null });
  subscriber.on('error', (error: Error) => logger.warn({ err: error }, 'bus subscriber error'));
  subscriber.on('message', (_channel: string, raw: string) => {
    try {
      onMessage(JSON.parse(raw) as BusMessage);
    } catch (error) {
      logger.error({ err: error }, 'bus message could not be handled');
    }
  });
  subscriber.subscribe(channel).catch((error: unknown) => logger.error({ err: error }, 'bus subscribe failed'));
  return () => closeRedis(subscriber);
}
