export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay is longer than this, however many attempts failed. */
  capMs: number;
}

/**
 * Reconnecting to the server: 0.25–0.5 s after the first failure, doubling to
 * at most 10 s. A kitchen wants its screen back quickly; the cap still spares a
 * server that many kiosks reconnect to after an outage, and the jitter keeps
 * them from arriving in step.
 */
export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 10_000 };

/**
 * The delay before retry `attempt` (0 for the first): exponential up to the
 * cap, then "equal jitter", a random point in the upper half of that ceiling,
 * so retries spread out yet never come back immediately.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
