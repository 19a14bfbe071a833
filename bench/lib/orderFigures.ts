import { quantile } from './fanoutRecorder.js';
import type { OrderAttempt } from './orderLoad.js';

export interface OrderFigures {
  /** 201s for POSTs sent in the window, per second. */
  ordersPerSec: number;
  /** POST sent → answer complete, ms, for every POST sent in the window. */
  p50: number;
  p99: number;
  /** POSTs in flight on average over the window: fewer than the diners by the time they spend filling carts. */
  postsInFlight: number;
  /** Over the whole run, warm-up included. */
  placed: number;
  soldOut: number;
  failed: number;
  /** Failures by what failed (`503 STOCK_CONTENDED`, `cart:add unanswered`, ...), and the first one's message. */
  failures: Map<string, number>;
  firstFailure?: string;
}

/** The figures of the POSTs sent in `window` (performance.now() ms), and the counts of the whole run. */
export function orderFigures(attempts: OrderAttempt[], window: { start: number; end: number }): OrderFigures {
  const seconds = (window.end - window.start) / 1000;
  const inWindow = attempts.filter((attempt) => attempt.sentAt >= window.start && attempt.sentAt < window.end);
  const latencies = inWindow
    .filter((attempt) => attempt.status !== 0)
    .map((attempt) => attempt.answeredAt - attempt.sentAt)
    .sort((a, b) => a - b);
  const busyMs = inWindow.reduce((sum, attempt) => sum + Math.min(attempt.answeredAt, window.end) - attempt.sentAt, 0);
  const failures = new Map<string, number>();
  let firstFailure: string | undefined;
  for (const attempt of attempts.filter((each) => each.outcome === 'failed')) {
    const what = attempt.error ?? 'unknown';
    failures.set(what, (failures.get(what) ?? 0) + 1);
    firstFailure ??= `${what}${attempt.message ? `: ${attempt.message.slice(0, 200)}` : ''}`;
  }
  const count = (outcome: OrderAttempt['outcome']) => attempts.filter((attempt) => attempt.outcome === outcome).length;
  return {
    ordersPerSec: inWindow.filter((attempt) => attempt.outcome === 'placed').length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    postsInFlight: busyMs / (seconds * 1000),
    placed: count('placed'),
    soldOut: count('soldOut'),
    failed: count('failed'),
    failures,
    firstFailure,
  };
}
