import { Router } from '@koa/router';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../test/wait.js';
import { createHttpApp, type AppState } from './http.js';
import { createLogger } from './logger.js';

interface LogLine {
  level: number;
  reqId?: string;
  msg: string;
  req?: { method: string; url: string; headers: Record<string, string> };
  res?: { statusCode: number };
  responseTime?: number;
}

const lines: LogLine[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as LogLine);
      done();
    },
  });
  const app = createHttpApp({ logger: createLogger({ LOG_LEVEL: 'info' }, destination), trustProxy: 0 });
  const router = new Router<AppState>();
  router.get('/menu', (ctx) => {
    ctx.body = { categories: [] };
  });
  router.post('/orders', (ctx) => {
    ctx.status = 201;
    ctx.body = { order: {} };
  });
  app.use(router.routes()).use(router.allowedMethods());
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const lineOf = (requestId: string) =>
  waitFor(() => lines.find((line) => line.reqId === requestId), 2_000, `the log line of ${requestId}`);

describe('request logging', () => {
  it('writes one line per write, with its request id, status and time, and no secret', async () => {
    const response = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'x-request-id': 'order-1', authorization: 'Bearer s3cret', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(201);
    const line = await lineOf('order-1');
    expect(line).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'POST', url: '/orders' } });
    expect(line.res?.statusCode).toBe(201);
    expect(line.responseTime).toBeGreaterThanOrEqual(0);
    expect(line.req?.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(line)).not.toContain('s3cret');
  });

  it('logs a refused request at warn, and a read that succeeded only at debug', async () => {
    expect((await fetch(`${base}/nowhere`, { headers: { 'x-request-id': 'lost-1' } })).status).toBe(404);
    expect(await lineOf('lost-1')).toMatchObject({ level: 40, res: { statusCode: 404 } });

    expect((await fetch(`${base}/menu`, { headers: { 'x-request-id': 'menu-1' } })).status).toBe(200);
    // A later request's line is written after it: had the read been logged, its line would be there by then.
    await fetch(`${base}/orders`, { method: 'POST', headers: { 'x-request-id': 'order-2' } });
    await lineOf('order-2');
    expect(lines.some((line) => line.reqId === 'menu-1')).toBe(false);
  });
});
