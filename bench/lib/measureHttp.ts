import autocannon from 'autocannon';

export interface HttpFigures {
  /** Requests answered over the seconds measured. */
  requestsPerSec: number;
  /** Latency percentiles in milliseconds (autocannon measures whole milliseconds). */
  p50: number;
  p99: number;
  /** Answers per HTTP status, e.g. `{ '304': 183042 }`. */
  statusCounts: Record<string, number>;
  /** Requests that got no answer: connection errors and timeouts. */
  errors: number;
}

/** One of the loads `measureHttpInRounds` takes turns between. */
export interface RoundLoad {
  label: string;
  url: string;
  headers?: Record<string, string>;
}

/**
 * Puts each load on its URL in turn, `rounds` times over, `roundSeconds` at a
 * time, the order reversed every other round, after `warmupSeconds` of each.
 * A ceiling measured this way shares every minute of the machine with what
 * is compared to it: a neighbour that slows the machine for a while, or a
 * slow drift, weighs on both alike, where measuring one after the other
 * would put it on one side of the ratio only. Requests/s are the total over
 * all rounds; p50 is the median of the rounds', p99 the worst round's.
 */
export async function measureHttpInRounds(
  loads: RoundLoad[],
  options: { connections: number; warmupSeconds: number; roundSeconds: number; rounds: number },
): Promise<Map<string, HttpFigures>> {
  const base = { connections: options.connections };
  for (const load of loads) {
    await autocannon({ ...base, url: load.url, headers: load.headers, duration: options.warmupSeconds });
  }
  const results = new Map<string, autocannon.Result[]>(loads.map((load) => [load.label, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const load of round % 2 === 0 ? loads : [...loads].reverse()) {
      const result = await autocannon({
        ...base,
        url: load.url,
        headers: load.headers,
        duration: options.roundSeconds,
      });
      results.get(load.label)!.push(result);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return new Map(
    [...results].map(([label, rounds]) => {
      const statusCounts: Record<string, number> = {};
      for (const result of rounds) {
        for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
          statusCounts[status] = (statusCounts[status] ?? 0) + (stats.count ?? 0);
        }
      }
      const seconds = rounds.reduce((sum, result) => sum + result.duration, 0);
      const figures: HttpFigures = {
        requestsPerSec: rounds.reduce((sum, result) => sum + result.requests.total, 0) / seconds,
        p50: median(rounds.map((result) => result.latency.p50)),
        p99: Math.max(...rounds.map((result) => result.latency.p99)),
        statusCounts,
        errors: rounds.reduce((sum, result) => sum + result.errors, 0),
      };
      return [label, figures] as const;
    }),
  );
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
