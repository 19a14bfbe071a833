import autocannon from 'autocannon';

export interface HttpLoad {
  url: string;
  headers?: Record<string, string>;
  /** Concurrent keep-alive connections, one request in flight on each. */
  connections: number;
  durationSeconds: number;
  /** Load sent first and thrown away, so the JIT, pools and caches are warm. */
  warmupSeconds: number;
}

export interface HttpFigures {
  /** Mean of the one-second samples. */
  requestsPerSec: number;
  /** Latency percentiles in milliseconds (autocannon measures whole milliseconds). */
  p50: number;
  p99: number;
  /** Answers per HTTP status, e.g. `{ '304': 183042 }`. */
  statusCounts: Record<string, number>;
  /** Requests that got no answer: connection errors and timeouts. */
  errors: number;
}

/** Puts `load` on one URL with autocannon, in this process, and returns what it measured. */
export async function measureHttp(load: HttpLoad): Promise<HttpFigures> {
  const options = { url: load.url, headers: load.headers, connections: load.connections };
  if (load.warmupSeconds > 0) await autocannon({ ...options, duration: load.warmupSeconds });
  const result = await autocannon({ ...options, duration: load.durationSeconds });
  return {
    requestsPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statusCounts: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, stats.count ?? 0]),
    ),
    errors: result.errors,
  };
}

/**
 * Throws unless every request got an answer with `status`: the figures of a
 * server answering errors measure the errors, not the server.
 */
export function expectOnlyStatus(label: string, figures: HttpFigures, status: number): void {
  const answers = Object.values(figures.statusCounts).reduce((sum, count) => sum + count, 0);
  const expected = figures.statusCounts[String(status)] ?? 0;
  if (answers > 0 && expected === answers && figures.errors === 0) return;
  throw new Error(
    `${label}: expected every answer to be ${status}, got ${JSON.stringify(figures.statusCounts)}` +
      ` and ${figures.errors} requests without an answer`,
  );
}
