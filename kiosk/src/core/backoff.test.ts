import { describe, expect, it } from 'vitest';
import { RECONNECT_BACKOFF, backoffDelay } from './backoff.js';

describe('reconnect backoff', () => {
  it('doubles from a quarter second up to its cap, never waiting less than half of each step', () => {
    const lowest = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(RECONNECT_BACKOFF, attempt, () => 0));
    const highest = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(RECONNECT_BACKOFF, attempt, () => 1));
    expect(lowest).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
    expect(highest).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });

  it('spreads the kiosks that lost the same server evenly over the upper half of the window', () => {
    const spread = [0, 0.25, 0.5, 0.75, 1].map((random) => backoffDelay(RECONNECT_BACKOFF, 8, () => random));
    expect(spread).toEqual([5_000, 6_250, 7_500, 8_750, 10_000]);
  });
});
