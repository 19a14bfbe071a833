import { isRetryable } from '@tableside/shared';
import { expect } from 'vitest';
import type { Traffic } from './traffic.js';

/** Every failure the diners saw was one they may retry: never a 500, a 503 always with a retryable code. */
export function expectOnlyRetryableFailures(traffic: Traffic): void {
  const wrong = traffic.refusals.filter(
    (refusal) => refusal.status >= 500 && !(refusal.status === 503 && refusal.code && isRetryable(refusal.code)),
  );
  expect(wrong).toEqual([]);
}
