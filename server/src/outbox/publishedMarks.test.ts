import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { buildRestaurant } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { orderFixtures, submitOrder } from '../test/orders.js';
import { waitFor } from '../test/wait.js';
import { createPublishedMarks, type PublishedMarksOptions } from './publishedMarks.js';

const env = useTestEnv();
const { aRestaurant, seatedWithCart } = orderFixtures(env);

async function outboxRows(count: number, restaurantId: string): Promise<string[]> {
  const rows = await env
    .db('outbox')
    .insert(Array.from({ length: count }, () => ({ restaurant_id: restaurantId, type: 'test', payload: '{}' })))
    .returning('id');
  return rows.map((row: { id: string }) => row.id);
}

const publishedAt = async (ids: string[]) =>
  (await env.db('outbox').whereIn('id', ids).pluck('published_at')) as (Date | null)[];

/** Marks for `count` new outbox rows, added at once; resolves to their ids. */
async function markRows(count: number, options: PublishedMarksOptions): Promise<string[]> {
  const restaurant = await buildRestaurant(env.db);
  const ids = await outboxRows(count, restaurant.id);
  const marks = createPublishedMarks(env.db, createLogger(env.config({ LOG_LEVEL: 'silent' })), options);
  for (const id of ids) marks.add(id);
  return ids;
}

const allMarked = (ids: string[]) =>
  waitFor(async () => ((await publishedAt(ids)).every(Boolean) ? true : undefined), 5_000, 'the marks');

describe('published marks', () => {
  it('gathers the marks of a moment into one statement', async () => {
    const ids = await markRows(5, { delayMs: 200, maxBatch: 100 });
    expect(await publishedAt(ids)).toEqual(Array(5).fill(null));
    await allMarked(ids);
    // One statement: one now() for all of them.
    expect(new Set((await publishedAt(ids)).map((at) => at!.getTime())).size).toBe(1);
  });

  it('writes a full batch at once, without waiting', async () => {
    await allMarked(await markRows(3, { delayMs: 60_000, maxBatch: 3 }));
  });

  it('are all written before the server closes Postgres', async () => {
    const running = await env.startServer();
    const shop = await aRestaurant();
    const table = await shop.table();
    const { diner, cartVersion } = await seatedWithCart(running.url, table.qr_token, [
      { item: await shop.item({ name: 'Tea' }), quantity: 1 },
    ]);
    expect((await submitOrder(running.url, diner, { cartVersion })).status).toBe(201);
    await running.close();
    const rows = await env.db('outbox').where({ restaurant_id: shop.restaurant.id }).pluck('published_at');
    expect(rows).toHaveLength(1);
    expect(rows[0]).not.toBeNull();
  });
});
