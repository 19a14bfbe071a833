import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { quantile } from './fanoutRecorder.js';

/** A phone that keeps its menu fresh: where it asks, and for which table. */
export interface BrowsingDiner {
  url: string;
  qrToken: string;
}

interface MenuAnswer {
  status: number;
  etag?: string;
}

export interface BrowsingFigures {
  requestsPerSec: number;
  p99: number;
  /** Answers by HTTP status (0: none came), for requests sent in the window. */
  statuses: Map<number, number>;
}

const ANSWER_TIMEOUT_MS = 10_000;
const TICK_MS = 5;
/** Connections per instance: phones come through a load balancer's pool, not one connection each. */
const SOCKETS_PER_INSTANCE = 16;

/**
 * Diners browsing the menu: each revalidates it with `If-None-Match` every
 * `everySeconds` on average, in turn, over keep-alive connections
 * (node:http, lighter than fetch on the generator's share of the cores). A
 * phone holds the ETag it was last given; `etag(diner)` is the one it had
 * when browsing started (the menu it loaded as it sat down).
 */
export function startMenuBrowsing(diners: BrowsingDiner[], everySeconds: number, etag: (diner: number) => string) {
  const agent = new Agent({ keepAlive: true, maxSockets: SOCKETS_PER_INSTANCE });
  const etags = diners.map((_, index) => etag(index));
  const sent: { at: number; ms: number; status: number }[] = [];
  const intervalMs = (everySeconds * 1000) / diners.length;
  let running = true;
  const inFlight = new Set<Promise<void>>();

  function get(diner: BrowsingDiner, ifNoneMatch: string): Promise<MenuAnswer> {
    const { hostname, port } = new URL(diner.url);
    return new Promise((resolve) => {
      const req = request(
        {
          agent,
          hostname,
          port,
          path: `/api/v1/tables/${diner.qrToken}/menu`,
          headers: { 'if-none-match': ifNoneMatch },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, etag: response.headers.etag ?? undefined }),
          );
          response.on('error', () => resolve({ status: 0 }));
        },
      );
      req.setTimeout(ANSWER_TIMEOUT_MS, () => req.destroy(new Error('no answer')));
      req.on('error', () => resolve({ status: 0 }));
      req.end();
    });
  }

  function browse(index: number): void {
    const at = performance.now();
    const done = get(diners[index]!, etags[index]!).then((answer) => {
      sent.push({ at, ms: performance.now() - at, status: answer.status });
      if (answer.status === 200 && answer.etag) etags[index] = answer.etag;
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  }

  const driving = (async () => {
    let next = 0;
    let due = performance.now();
    while (running) {
      for (const now = performance.now(); due <= now; due += intervalMs) browse(next++ % diners.length);
      await sleep(TICK_MS);
    }
  })();

  return {
    /** What was sent in `window` (performance.now() ms) and answered. */
    figures(window: { start: number; end: number }): BrowsingFigures {
      const inWindow = sent.filter((each) => each.at >= window.start && each.at < window.end);
      const statuses = new Map<number, number>();
      for (const { status } of inWindow) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      return {
        requestsPerSec: inWindow.length / ((window.end - window.start) / 1000),
        p99: quantile(
          inWindow.map((each) => each.ms).sort((a, b) => a - b),
          0.99,
        ),
        statuses,
      };
    },
    async stop(): Promise<void> {
      running = false;
      await driving;
      await Promise.all(inFlight);
      agent.destroy();
    },
  };
}

/** The ETag a diner of the table gets with the whole menu (GET without If-None-Match). */
export async function menuEtag(url: string, qrToken: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/tables/${qrToken}/menu`);
  await response.arrayBuffer();
  const etag = response.headers.get('etag');
  if (response.status !== 200 || !etag) throw new Error(`GET menu answered ${response.status} without an ETag`);
  return etag;
}
