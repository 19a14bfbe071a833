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

const pendingAt = async (redis: Redis, server: ServerProcess) =>
  [...(await pendingByConsumer(redis)).entries()]
    .filter(([consumer]) => consumer.includes(`:${server.pid}:`))
    .reduce((sum, [, count]) => sum + count, 0);

/** The stream's length and its consumers as Redis sees them, for a failure's message. */
async function streamState(redis: Redis): Promise<string> {
  const consumers = (await redis.call('XINFO', 'CONSUMERS', ORDERS_STREAM, 'realtime')) as unknown[][];
  const described = consumers.map((fields) => {
    const info = new Map<string, unknown>();
    for (let i = 0; i + 1 < fields.length; i += 2) info.set(String(fields[i]), fields[i + 1]);
    return `${String(info.get('name'))} pending ${String(info.get('pending'))} idle ${String(info.get('idle'))} ms`;
  });
  return `stream length ${await redis.xlen(ORDERS_STREAM)}; consumers: ${described.join(', ')}`;
}

/**
 * Hangs `server` at a moment its stream consumer holds delivered entries it
 * has not acknowledged, as a process that dies mid-work leaves them. Frozen
 * while its XREADGROUP waits, it stays in Redis's line and is handed one of
 * the next two entries; frozen between two reads it would hold none, so it
 * is let go and frozen again.
 */
async function freezeHoldingEntries(server: ServerProcess, redis: Redis): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    server.freeze();
    try {
      await waitUntil(async () => (await pendingAt(redis, server)) > 0, 3_000, 'entries pending at the hung instance');
      return;
    } catch (error) {
      if (attempt === 10) throw new Error(`${(error as Error).message}; ${await streamState(redis)}`, { cause: error });
      server.thaw();
      await waitUntil(async () => (await pendingAt(redis, server)) === 0, 5_000, 'the instance reading again');
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
