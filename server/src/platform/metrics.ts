import client from 'prom-client';

/**
 * The process's Prometheus metrics, one registry per server (tests run
 * several servers in one process). Counters are bumped where things happen;
 * gauges that describe Postgres or Redis are read when scraped (`onScrape`).
 */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'tableside_' });
  const scrapers: (() => Promise<void>)[] = [];
  const metrics = {
    registry,
    httpDuration: new client.Histogram({
      name: 'tableside_http_request_duration_seconds',
      help: 'HTTP request durations by route and status class',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    ordersPlaced: new client.Counter({
      name: 'tableside_orders_placed_total',
      help: 'Orders placed (not counting idempotent replays)',
      registers: [registry],
    }),
    ordersFailed: new client.Counter({
      name: 'tableside_orders_failed_total',
      help: 'Order submits refused, by error code',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    stockRetries: new client.Counter({
      name: 'tableside_stock_conflict_retries_total',
      help: 'Optimistic-lock conflicts on menu_items.version retried while taking stock',
      registers: [registry],
    }),
    gauge(name: string, help: string, labelNames: string[] = []) {
      return new client.Gauge({ name, help, labelNames, registers: [registry] });
    },
    /** Runs `collect` before each scrape, to refresh gauges from the outside world. */
    onScrape(collect: () => Promise<void>) {
      scrapers.push(collect);
    },
    async render(): Promise<string> {
      await Promise.allSettled(scrapers.map((collect) => collect()));
      return registry.metrics();
    },
  };
  return metrics;
}
export type Metrics = ReturnType<typeof createMetrics>;
