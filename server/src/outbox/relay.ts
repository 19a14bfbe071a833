import type { Deps } from '../createServer.js';
import { appendToStream, markPublished, type OutboxEvent } from './produce.js';

export interface RelayOptions {
  /** Rows younger than this are left to the request that wrote them. */
  minAgeMs: number;
  batchSize: number;
  maxLen: number;
}

/**
 * One round of the outbox relay: publishes a batch of rows that nobody
 * published, oldest first. `FOR UPDATE SKIP LOCKED` keeps two relays from
 * publishing the same row at the same moment; a relay killed between the
 * append and the commit leaves its rows unpublished, so they go out again
 * (at least once: receivers de-duplicate by event id). Returns how many rows
 * it published.
 */
export async function relayOnce(deps: Pick<Deps, 'db' | 'redis' | 'keys'>, options: RelayOptions): Promise<number> {
  return deps.db.transaction(async (trx) => {
    const rows = await trx('outbox')
      .whereNull('published_at')
      .where('created_at', '<', trx.raw(`now() - make_interval(secs => ?)`, [options.minAgeMs / 1000]))
      .orderBy('created_at')
      .limit(options.batchSize)
      .forUpdate()
      .skipLocked()
      .select('id', 'restaurant_id', 'type', 'payload');
    if (rows.length === 0) return 0;
    const events: OutboxEvent[] = rows.map(
      (row: { id: string; restaurant_id: string; type: string; payload: unknown }) => ({
        id: row.id,
        restaurantId: row.restaurant_id,
        type: row.type,
        payload: row.payload,
      }),
    );
    await trx('outbox')
      .whereIn(
        'id',
        events.map((event) => event.id),
      )
      .increment('publish_attempts', 1);
    await appendToStream(deps, events, options.maxLen);
    await markPublished(
      trx,
      events.map((event) => event.id),
    );
    return events.length;
  });
}

/** Runs the relay until stopped: a round, then a pause of `intervalMs`, never two rounds at once. */
export function startRelay(
  deps: Pick<Deps, 'db' | 'redis' | 'keys' | 'logger'>,
  options: RelayOptions & { intervalMs: number },
) {
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.intervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      try {
        // A full batch means more may be waiting: go again at once.
        while (!stopped && (await relayOnce(deps, options)) === options.batchSize);
      } catch (error) {
        deps.logger.warn({ err: error }, 'outbox relay round failed; retrying next round');
      }
      if (!stopped) await pause();
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
