import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/manualClock.js';
import { waitFor } from '../../../../server/src/test/wait.js';
import type { ConnectionStatus } from '../kioskApi.js';
import { createKitchenConnection } from './kitchenConnection.js';

/** A loopback port nothing listens on: every connection attempt is refused at once. */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('the link to the server', () => {
  it('keeps retrying a server that is down, each wait longer, up to the cap, with jitter', async () => {
    const clock = new ManualClock();
    const statuses: { status: ConnectionStatus; retryAt: number | null }[] = [];
    const connection = createKitchenConnection(
      {
        serverUrl: `http://127.0.0.1:${await deadPort()}`,
        token: 'kd_test',
        clock,
        random: () => 0.5,
        backoff: { baseMs: 500, capMs: 10_000 },
      },
      {
        onStatus: (status, retryAt) => statuses.push({ status, retryAt }),
        onConnected: () => undefined,
        onOrderEvent: () => undefined,
        onUnauthorized: () => undefined,
      },
    );
    connection.start();
    const waits: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      const offline = await waitFor(
        () => (statuses.at(-1)?.status === 'offline' ? statuses.at(-1) : undefined),
        5_000,
        `attempt ${attempt + 1} refused`,
      );
      waits.push(offline.retryAt! - clock.now());
      clock.advance(offline.retryAt! - clock.now());
      expect(statuses.at(-1)?.status).toBe('connecting');
    }
    connection.stop();
    expect(waits).toEqual([375, 750, 1_500, 3_000, 6_000, 7_500, 7_500, 7_500, 7_500, 7_500, 7_500, 7_500]);
  });
});
