import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Order, OrderStatus } from '@tableside/shared';
import type { Server } from 'socket.io';
import { tableRoom } from '../cart/index.js';
import type { Deps } from '../createServer.js';
import { STREAM_FIELD, type OutboxEvent } from '../outbox/index.js';
import { closeRedis, type Redis } from '../platform/redis.js';
import { staffRoom } from '../admin/staffSocket.js';
import { kitchenRoom } from './socket.js';

export interface ConsumerOptions {
  group: string;
  /** Pending entries idle longer than this are taken over from their (presumably dead) consumer. */
  claimIdleMs: number;
  /** An entry delivered more often than this goes to the dead-letter stream. */
  maxDeliveries: number;
  blockMs?: number;
  batchSize?: number;
}

type Entry = [id: string, fields: string[]];

/**
 * The realtime instances' reader of the `orders` stream. All instances are
 * consumers in one group, so each entry is handled by one of them; handling
 * means emitting it, through the Socket.IO Redis adapter, to the table's
 * diners and the restaurant's kitchen on whichever instance they are, then
 * XACK. A consumer that dies leaves its entries pending; the live ones claim
 * entries idle past `claimIdleMs` (XAUTOCLAIM) on a timer. Delivery is at
 * least once; every event carries its outbox id for receivers to de-duplicate.
 */
export function startStreamConsumer(
  deps: Pick<Deps, 'redis' | 'keys' | 'logger'>,
  io: Server,
  options: ConsumerOptions,
) {
  const stream = deps.keys.ordersStream;
  const deadLetters = `${stream}:dead`;
  const consumer = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = deps.logger.child({ stream, consumer });
  // XREADGROUP BLOCK holds its connection; it gets one of its own. Without an
  // offline queue a read while Redis is away fails at once (and is retried)
  // instead of waiting in a queue that a disconnect would never flush.
  const reader: Redis = deps.redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: false });
  reader.on('error', (error: Error) => log.warn({ err: error }, 'stream reader connection error'));
  let stopped = false;

  function deliver(event: OutboxEvent): void {
    const { order } = event.payload as { order: Order };
    const diners = io.of('/diner').to(tableRoom(order.sessionId));
    const kitchen = io.of('/kitchen').to(kitchenRoom(event.restaurantId));
    const staff = io.of('/staff').to(staffRoom(event.restaurantId));
    if (event.type === 'order.placed') {
      diners.emit('order:placed', { eventId: event.id, order });
      kitchen.emit('kitchen:order', { eventId: event.id, order });
      staff.emit('order:placed', { eventId: event.id, order });
    } else if (event.type === 'order.status_changed') {
      diners.emit('order:status', {
        eventId: event.id,
        orderId: order.id,
        number: order.number,
        status: order.status as OrderStatus,
        version: order.version,
        at: order.updatedAt,
      });
      kitchen.emit('kitchen:orderUpdated', { eventId: event.id, order });
      staff.emit('order:updated', { eventId: event.id, order });
    }
  }

  /** Delivers each entry, then acknowledges those delivered in one XACK. */
  async function handle(entries: Entry[]): Promise<void> {
    const delivered: string[] = [];
    for (const [id, fields] of entries) {
      const raw = fields[fields.indexOf(STREAM_FIELD) + 1];
      try {
        deliver(JSON.parse(raw ?? '') as OutboxEvent);
        delivered.push(id);
      } catch (error) {
        // Left pending: another round (or another instance) tries again, up to the dead-letter limit.
        log.error({ err: error, entryId: id }, 'stream entry could not be delivered');
      }
    }
    if (delivered.length > 0) await deps.redis.xack(stream, options.group, ...delivered);
  }

  /** `from`: '$' on start (history before the first deployment is not news), '0' for a stream that vanished. */
  async function ensureGroup(from: '$' | '0' = '$'): Promise<void> {
    try {
      await deps.redis.xgroup('CREATE', stream, options.group, from, 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  async function readLoop(): Promise<void> {
    while (!stopped) {
      try {
        const answer = (await reader.xreadgroup(
          'GROUP',
          options.group,
          consumer,
          'COUNT',
          options.batchSize ?? 100,
          'BLOCK',
          options.blockMs ?? 2_000,
          'STREAMS',
          stream,
          '>',
        )) as [string, Entry[]][] | null;
        for (const [, entries] of answer ?? []) await handle(entries);
      } catch (error) {
        if (stopped) break;
        if (reader.status === 'ready') log.warn({ err: error }, 'stream read failed; retrying');
        // The group is gone with the stream (Redis lost its data): every entry of the stream there is now was
        // appended since (the relay re-publishing what was lost, new orders), so the new group reads it from the start.
        if (String((error as Error).message).includes('NOGROUP')) await ensureGroup('0').catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** Takes over entries a dead consumer left pending; too-often-failed ones go to the dead-letter stream. */
  async function claimRound(): Promise<void> {
    let cursor = '0-0';
    do {
      const [next, entries] = (await deps.redis.xautoclaim(
        stream,
        options.group,
        consumer,
        options.claimIdleMs,
        cursor,
        'COUNT',
        100,
      )) as [string, (Entry | null)[]];
      cursor = next;
      for (const entry of entries) {
        if (!entry) continue;
        const [[, , , deliveries] = []] = (await deps.redis.xpending(stream, options.group, entry[0], entry[0], 1)) as [
          string,
          string,
          number,
          number,
        ][];
        if ((deliveries ?? 0) > options.maxDeliveries) {
          await deps.redis.xadd(deadLetters, '*', ...entry[1], 'entry', entry[0], 'deliveries', String(deliveries));
          await deps.redis.xack(stream, options.group, entry[0]);
          log.error({ entryId: entry[0], deliveries }, 'stream entry moved to the dead-letter stream');
        } else {
          await handle([entry]);
        }
      }
    } while (cursor !== '0-0' && !stopped);
  }

  const started = ensureGroup()
    .catch((error: unknown) => log.warn({ err: error }, 'could not create the consumer group yet'))
    .then(readLoop);
  const claimer = setInterval(
    () => {
      claimRound().catch((error: unknown) => log.warn({ err: error }, 'claiming pending entries failed'));
    },
    Math.max(100, Math.floor(options.claimIdleMs / 2)),
  );

  return {
    consumer,
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(claimer);
      reader.disconnect();
      await started;
      await closeRedis(reader);
    },
  };
}
