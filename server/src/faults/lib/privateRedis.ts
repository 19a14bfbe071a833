import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startChild, waitUntil, type Child } from './childProcess.js';
import { freeLoopbackPort } from './ports.js';

/** A Redis of one fault test file's own, which it may kill and restart without touching anyone else's. */
export interface PrivateRedis {
  url: string;
  /** SIGKILL: everything in memory is gone, as on this machine's Redis (no persistence). */
  kill(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
  /** A client for the test's own look at the data. */
  client(): Redis;
  close(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freeLoopbackPort();
  const dir = await mkdtemp(join(tmpdir(), 'tableside-fault-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  const clients: Redis[] = [];
  let server: Child | undefined;

  async function start(): Promise<void> {
    server = startChild(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await waitUntil(
        async () => {
          if (probe.status !== 'ready') await probe.connect();
          return (await probe.ping()) === 'PONG';
        },
        10_000,
        `redis-server on port ${port}`,
      );
    } finally {
      probe.disconnect();
    }
  }

  async function kill(): Promise<void> {
    if (!server || server.hasExited()) return;
    server.process.kill('SIGKILL');
    await server.exited;
  }

  await start();
  return {
    url,
    kill,
    start,
    client() {
      const client = new Redis(url, { maxRetriesPerRequest: 2 });
      client.on('error', () => undefined);
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.disconnect();
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
