import { createServer as createNetServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/harness.js';
import { errorOf, json } from '../test/http.js';

const env = useTestEnv();

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('health', () => {
  it('/healthz answers while the process is up', async () => {
    const { url } = await env.startServer();
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 when Postgres and Redis both answer', async () => {
    const { url } = await env.startServer();
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ready', checks: { postgres: 'up', redis: 'up' } });
  });

  it('/readyz answers 503 naming Redis when Redis is unreachable', async () => {
    const { url } = await env.startServer({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    const error = await errorOf(response);
    expect(error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(error.message).toMatch(/redis/);
    expect(error.details).toEqual({ checks: { postgres: 'up', redis: 'down' } });
  });

  it('/readyz answers 503 naming Postgres when Postgres is unreachable', async () => {
    const { url } = await env.startServer({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/nowhere`,
    });
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    expect((await errorOf(response)).details).toEqual({ checks: { postgres: 'down', redis: 'up' } });
  });
});
