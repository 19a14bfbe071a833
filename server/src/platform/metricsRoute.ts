import { timingSafeEqual } from 'node:crypto';
import { Router } from '@koa/router';
import type { Config } from '../config.js';
import type { Deps } from '../createServer.js';
import { appError } from './errors.js';
import type { AppState } from './http.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in Prometheus text format, for a scraper holding
 * METRICS_TOKEN. Also reads, at scrape time, what Postgres and Redis know:
 * the outbox's backlog and the orders stream's pending entries and lag.
 */
export function metricsRouter(deps: Pick<Deps, 'db' | 'redis' | 'keys' | 'metrics'>, config: Config): Router<AppState> {
  const router = new Router<AppState>();
  const unpublished = deps.metrics.gauge('tableside_outbox_unpublished', 'Outbox rows not yet on the stream');
  const oldest = deps.metrics.gauge('tableside_outbox_oldest_unpublished_seconds', 'Age of the oldest unpublished row');
  const pending = deps.metrics.gauge('tableside_stream_pending_entries', 'Stream entries read but not acknowledged');
  const lag = deps.metrics.gauge('tableside_stream_consumer_lag', 'Stream entries not yet read by the group');
  const unseen = deps.metrics.gauge('tableside_kitchen_devices_unseen', 'Paired devices not seen for 2 minutes');
  // Which kiosk went quiet, not only how many: alert on `time() - this > 120`. One series per paired device.
  const lastSeen = deps.metrics.gauge(
    'tableside_kitchen_device_last_seen_timestamp_seconds',
    'When each paired kitchen device last synced (0: never)',
    ['restaurant_id', 'device_id'],
  );

  deps.metrics.onScrape(async () => {
    const backlog = await deps
      .db('outbox')
      .whereNull('published_at')
      .first(deps.db.raw('count(*)::int as count'), deps.db.raw('extract(epoch from now() - min(created_at)) as age'));
    unpublished.set(backlog?.count ?? 0);
    oldest.set(Number(backlog?.age ?? 0));
    const stale = await deps
      .db('kitchen_devices')
      .whereNull('revoked_at')
      .where((query) =>
        query.whereNull('last_seen_at').orWhere('last_seen_at', '<', deps.db.raw("now() - interval '2 minutes'")),
      )
      .count<{ count: number }>('* as count')
      .first();
    unseen.set(stale?.count ?? 0);
    const devices = await deps
      .db('kitchen_devices')
      .whereNull('revoked_at')
      .select('id', 'restaurant_id', deps.db.raw('coalesce(extract(epoch from last_seen_at), 0) as seen'));
    lastSeen.reset();
    for (const device of devices as { id: string; restaurant_id: string; seen: string | number }[]) {
      lastSeen.set({ restaurant_id: device.restaurant_id, device_id: device.id }, Number(device.seen));
    }
  });
  deps.metrics.onScrape(async () => {
    const groups = (await deps.redis.xinfo('GROUPS', deps.keys.ordersStream)) as (string | number | null)[][];
    for (const group of groups) {
      const field = (name: string) => group[group.indexOf(name) + 1];
      pending.set(Number(field('pending') ?? 0));
      lag.set(Number(field('lag') ?? 0));
    }
  });

  router.get('/metrics', async (ctx) => {
    const token = /^Bearer (.+)$/.exec(ctx.get('authorization'))?.[1];
    if (!config.METRICS_TOKEN) throw appError('NOT_FOUND');
    if (!token || !sameSecret(token, config.METRICS_TOKEN)) {
      throw appError('UNAUTHENTICATED', undefined, 'Metrics need the scrape token.');
    }
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.render();
  });
  return router;
}
