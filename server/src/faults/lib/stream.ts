import type { Redis } from 'ioredis';

/** The `orders` stream of the fault servers (their key prefix is `fault:`) and its consumer group. */
export const ORDERS_STREAM = 'fault:orders';
const GROUP = 'realtime';

/**
 * Entries delivered and not yet acknowledged, by consumer name (the server
 * names its consumer `host:pid:random`). Empty when none are pending.
 */
export async function pendingByConsumer(redis: Redis): Promise<Map<string, number>> {
  const [, , , consumers] = (await redis.xpending(ORDERS_STREAM, GROUP)) as [
    number,
    string | null,
    string | null,
    [string, string][] | null,
  ];
  return new Map((consumers ?? []).map(([name, count]) => [name, Number(count)]));
}
