import type { BackoffPolicy } from './backoff.js';

/** The core's periods and timeouts; production defaults apply to any left out (tests shorten them). */
export interface KioskTimings {
  backoff?: BackoffPolicy;
  /** Sync this often while online: the safety net under pushed events. */
  resyncMs?: number;
  answerTimeoutMs?: number;
  printerPollMs?: number;
  busyRetryMs?: number;
}
