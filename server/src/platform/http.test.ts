import { Router } from '@koa/router';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appError, parse } from './errors.js';
import { createHttpApp, type AppState } from './http.js';
import { createLogger } from './logger.js';
import { errorOf } from '../test/http.js';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = createHttpApp({ logger: createLogger({ LOG_LEVEL: 'silent' }), trustProxy: 0 });
  const router = new Router<AppState>();
  router.post('/echo', (ctx) => {
    ctx.body = parse(z.strictObject({ name: z.string().max(5) }), ctx.request.body);
  });
  router.get('/teapot', () => {
    throw appError('TABLE_NOT_FOUND', { hint: 'scan again' }, 'No such table.');
  });
  router.get('/bug', () => {
    throw new Error('select * from secrets -- at /srv/app.js:12');
  });
  app.use(router.routes()).use(router.allowedMethods({ throw: true }));
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const post = (path: string, body: string) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('the error middleware', () => {
  it('answers an AppError with its status, code, message and details', async () => {
    const response = await fetch(`${base}/teapot`);
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toEqual({
      code: 'TABLE_NOT_FOUND',
      message: 'No such table.',
      details: { hint: 'scan again' },
    });
  });

  it('answers an unknown route with NOT_FOUND', async () => {
    const response = await fetch(`${base}/nowhere`);
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('NOT_FOUND');
  });

  it('answers a wrong method with METHOD_NOT_ALLOWED', async () => {
    const response = await fetch(`${base}/echo`);
    expect(response.status).toBe(405);
    expect((await errorOf(response)).code).toBe('METHOD_NOT_ALLOWED');
  });

  it('names the bad field of a body that fails its schema, with what a client needs to say it in its language', async () => {
    const response = await post('/echo', JSON.stringify({ name: 'far too long' }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/^name:/);
    expect(error.details).toEqual({
      fields: [
        {
          path: 'name',
          message: expect.stringMatching(/5/),
          reason: 'too_big',
          maximum: 5,
          inclusive: true,
          origin: 'string',
        },
      ],
    });
  });

  it('answers malformed JSON with INVALID_JSON', async () => {
    const response = await post('/echo', '{"name": ');
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('INVALID_JSON');
  });

  it('answers an oversized body with PAYLOAD_TOO_LARGE', async () => {
    const response = await post('/echo', JSON.stringify({ name: 'x'.repeat(100_000) }));
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a bug with a bare INTERNAL that leaks neither stack nor SQL', async () => {
    const response = await fetch(`${base}/bug`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } });
    expect(text).not.toMatch(/select|secrets|app\.js/);
  });

  it('sends the API its security headers: no sniffing, no framing, no reading from other sites', async () => {
    const response = await fetch(`${base}/teapot`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('returns a request id, keeping a sane one the client sent', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(async () => (await fetch(`${base}/teapot`)).headers.get('x-request-id')),
    );
    for (const id of ids) expect(id).toMatch(/^[\w-]{8}-[0-9a-z]+$/);
    expect(new Set(ids).size).toBe(3);
    const given = await fetch(`${base}/teapot`, { headers: { 'x-request-id': 'lb-1234' } });
    expect(given.headers.get('x-request-id')).toBe('lb-1234');
    const hostile = await fetch(`${base}/teapot`, { headers: { 'x-request-id': 'a\tb<script>' } });
    expect(hostile.headers.get('x-request-id')).not.toContain('script');
  });
});
