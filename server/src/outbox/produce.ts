import type { Deps } from '../createServer.js';
import { preparedAs, type Knex } from '../platform/db.js';

/** An outbox row on its way to the `orders` stream; `id` is the event id receivers de-duplicate by. */
export interface OutboxEvent {
  id: string;
  restaurantId: string;
  type: string;
  payload: unknown;
}

/** The one field of a stream entry: the whole event as JSON. */
export const STREAM_FIELD = 'event';

/**
 * Appends events to the `orders` stream (capped, approximately, at `maxLen`
 * entries) in one round trip, in order. Publishing is at least once: the same
 * event may be appended again by the relay, with the same id.
 */
export async function appendToStream(
  deps: Pick<Deps, 'redis' | 'keys'>,
  events: OutboxEvent[],
  maxLen: number,
): Promise<void> {
  if (events.length === 0) return;
  const pipeline = deps.redis.pipeline();
  for (const event of events) {
    pipeline.xadd(deps.keys.ordersStream, 'MAXLEN', '~', maxLen, '*', STREAM_FIELD, JSON.stringify(event));
  }
  const results = await pipeline.exec();
  const failed = results?.find(([error]) => error);
  if (!results || failed) throw failed?.[0] ?? new Error('the stream append was not answered');
}

/**
 * Marks rows published, committed asynchronously (no wait for the WAL
 * flush): a mark lost in a crash only means the relay appends the event
 * again, which every consumer already de-duplicates by event id.
 */
export async function markPublished(db: Knex, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .raw(
      `update outbox set published_at = now()
       from (select set_config('synchronous_commit', 'off', true)) as async_commit
       where id = any(?::uuid[])`,
      [ids],
    )
    .options(preparedAs('outbox.mark-published'));
}

/**
 * Right after a commit: append the event, and have its row marked published
 * (with others, a moment later: publishedMarks.ts). If Redis is down this
 * logs and returns; the row stays unpublished and the relay publishes it
 * later. The caller's answer never waits on Redis being up.
 */
export async function publishCommitted(
  deps: Pick<Deps, 'redis' | 'keys' | 'logger' | 'published'>,
  event: OutboxEvent,
  maxLen: number,
): Promise<boolean> {
  try {
    await appendToStream(deps, [event], maxLen);
  } catch (error) {
    deps.logger.warn({ err: error, eventId: event.id, type: event.type }, 'stream append failed; the relay will retry');
    return false;
  }
  deps.published.add(event.id);
  return true;
}
