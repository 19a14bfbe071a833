import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { checkBooks, stockOf } from './lib/books.js';
import { waitUntil } from './lib/childProcess.js';
import { useFaultWorld } from './lib/faultWorld.js';
import { startLoadBalancer } from './lib/loadBalancer.js';
import { expectOnlyRetryableFailures } from './lib/refusals.js';
import type { ServerProcess } from './lib/serverProcess.js';
import { ORDERS_STREAM, pendingByConsumer } from './lib/stream.js';
import { startTraffic } from './lib/traffic.js';

const world = useFaultWorld();

interface Consumer {
  name: string;
  /** Entries delivered to it and not acknowledged. */
  pending: number;
  /** Since its last XREADGROUP (or claim), in ms. */
  idleMs: number;
}

/** The consumers of the `orders` stream's group, as Redis sees them. */
async function consumers(redis: Redis): Promise<Consumer[]> {
  const replies = (await redis.call('XINFO', 'CONSUMERS', ORDERS_STREAM, 'realtime')) as unknown[][];
  return replies.map((fields) => {
    const info = new Map<string, unknown>();
    for (let i = 0; i + 1 < fields.length; i += 2) info.set(String(fields[i]), fields[i + 1]);
    return { name: String(info.get('name')), pending: Number(info.get('pending')), idleMs: Number(info.get('idle')) };
  });
}

/** The server's consumer: it names itself `host:pid:random`. */
const consumerOf = async (redis: Redis, server: ServerProcess) =>
  (await consumers(redis)).find((consumer) => consumer.name.includes(`:${server.pid}:`));

/** The stream's length and its consumers, for a failure's message. */
async function streamState(redis: Redis): Promise<string> {
  const described = (await consumers(redis)).map(
    (consumer) => `${consumer.name} pending ${consumer.pending} idle ${consumer.idleMs} ms`,
  );
  return `stream length ${await redis.xlen(ORDERS_STREAM)}; consumers: ${described.join(', ')}`;
}

/**
 * Hangs `server` at a moment its stream consumer holds delivered entries it
 * has not acknowledged, as a process that dies mid-work leaves them. Frozen
 * while its XREADGROUP waits, it stays in Redis's line and is handed one of
 * the next two entries; frozen between two reads it would hold none, so it
 * is let go until it has read again (let go for an instant only, it would be
 * frozen again before it ever reads), and frozen again.
 */
async function freezeHoldingEntries(server: ServerProcess, redis: Redis): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    server.freeze();
    try {
      await waitUntil(
        async () => ((await consumerOf(redis, server))?.pending ?? 0) > 0,
        3_000,
        'entries pending at the hung instance',
      );
      return;
    } catch (error) {
      if (attempt === 10) throw new Error(`${(error as Error).message}; ${await streamState(redis)}`, { cause: error });
      server.thaw();
      await waitUntil(
        async () => {
          const consumer = await consumerOf(redis, server);
          return consumer !== undefined && consumer.pending === 0 && consumer.idleMs < 100;
        },
        5_000,
        'the instance reading again',
      );
    }
  }
}

describe('a server instance killed with SIGKILL mid-traffic', () => {
  it('loses no order: its sockets reconnect to the other instance, which claims its pending stream entries', async () => {
    // Entries idle for a second are taken over, so the test need not wait the production 15 s.
    const env = { STREAM_CLAIM_IDLE_MS: '1000', RELAY_MIN_AGE_MS: '500', RELAY_INTERVAL_MS: '200' };
    const one = await world.server('one', env);
    const two = await world.server('two', env);
    const balancer = world.track(await startLoadBalancer([one.port, two.port]));
    const restaurant = await world.restaurant(8);
    const stockBefore = await stockOf(world.db, restaurant.dishes);
    const kitchen = await world.kitchen(balancer.url, restaurant.id);
    const redis = world.redis.client();

    // Orders go on through the live instance while the other hangs, so the stream keeps handing out entries.
    const traffic = world.track(
      startTraffic({
        urls: [two.url],
        socketUrls: [balancer.url],
        tables: restaurant.tables,
        dishes: restaurant.dishes,
      }),
    );
    await traffic.confirmedAtLeast(16);
    await freezeHoldingEntries(one, redis);
    await one.kill();
    await traffic.confirmedAtLeast(traffic.confirmed.length + 24);
    await traffic.finish();

    await checkBooks({ db: world.db, restaurantId: restaurant.id, confirmed: traffic.confirmed, kitchen, stockBefore });
    await waitUntil(async () => (await pendingByConsumer(redis)).size === 0, 10_000, 'every entry acknowledged');
    expect(await redis.xlen('fault:orders:dead')).toBe(0);
    expect(traffic.diners.every((diner) => diner.socket.connected)).toBe(true);
    expect(kitchen.kiosk.state().connection.status).toBe('online');
    // The diners and the kiosk that were on the dead instance came back through the balancer to the live one.
    expect(balancer.connections().get(two.port)).toBeGreaterThan(traffic.diners.length / 2 + 1);
    expectOnlyRetryableFailures(traffic);
  });
});
