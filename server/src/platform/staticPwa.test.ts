import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv, type RunningTestServer } from '../test/harness.js';
import { errorOf } from '../test/http.js';

const env = useTestEnv();
const INDEX = '<!doctype html><title>Tableside</title><script type="module" src="/assets/index-a1b2c3.js"></script>';
const SCRIPT = `console.log(${JSON.stringify('diner app '.repeat(200))});`;

let dist: string;
let server: RunningTestServer;

/** GET without redirects or decompression, so the test sees exactly what the server sent. */
function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: { 'accept-encoding': 'identity', ...headers } });
}

/**
 * A request as a browser's HTTP cache sends it: fetch() would add
 * `Cache-Control: no-cache` to a request with If-None-Match, and unzip the body.
 */
function raw(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const sent = request(`${server.url}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    sent.on('error', reject);
    sent.end();
  });
}

beforeAll(async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'tableside-pwa-'));
  dist = join(scratch, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), INDEX);
  await writeFile(join(dist, 'assets', 'index-a1b2c3.js'), SCRIPT);
  await writeFile(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  await writeFile(join(dist, 'registerSW.js'), 'navigator.serviceWorker.register("/sw.js");');
  await writeFile(join(dist, 'manifest.webmanifest'), '{"name":"Tableside"}');
  await writeFile(join(scratch, 'secret.json'), '{"secret":true}');
  await writeFile(join(dist, '.env'), 'TOKEN_SECRET=nope');
  await symlink(join(scratch, 'secret.json'), join(dist, 'assets', 'escape.json'));
  server = await env.startServer({ PWA_DIST_DIR: dist });
});

afterAll(async () => {
  await rm(join(dist, '..'), { recursive: true, force: true });
});

describe('serving the diner app', () => {
  it('answers the app routes with index.html, revalidated on every load', async () => {
    const diner = ['/', '/t', '/t/', '/t/AbCdEfGhIjKlMnOpQrStUv', '/t/AbCdEfGhIjKlMnOpQrStUv/menu'];
    const owner = ['/admin', '/admin/', '/admin/sign-in', '/admin/menu'];
    for (const path of [...diner, ...owner]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(INDEX);
    }
  });

  it('serves hashed assets as immutable, compressed when the browser accepts it', async () => {
    const plain = await get('/assets/index-a1b2c3.js');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await plain.text()).toBe(SCRIPT);

    const zipped = await raw('/assets/index-a1b2c3.js', { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(zipped.body).toString()).toBe(SCRIPT);
    expect(zipped.body.length).toBeLessThan(SCRIPT.length / 4);

    const brotli = await raw('/assets/index-a1b2c3.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brotli.body).toString()).toBe(SCRIPT);
  });

  it('never lets the worker, its registration or the manifest be cached without revalidation', async () => {
    for (const path of ['/sw.js', '/registerSW.js', '/manifest.webmanifest']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
    }
    expect((await get('/manifest.webmanifest')).headers.get('content-type')).toBe(
      'application/manifest+json; charset=utf-8',
    );
  });

  it('answers a revalidation with 304 when nothing changed', async () => {
    const first = await get('/t/AbCdEfGhIjKlMnOpQrStUv');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await raw('/t/AbCdEfGhIjKlMnOpQrStUv', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('never serves a file outside the build, whatever the path says', async () => {
    for (const path of [
      '/../secret.json',
      '/%2e%2e/secret.json',
      '/assets/..%2f..%2fsecret.json',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.json',
      '/assets/..%5c..%5csecret.json',
      '/assets/escape.json',
      '/.env',
      '/assets/index-a1b2c3.js%00.json',
      '/%E0%A4%A',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('secret');
    }
  });

  it('leaves the API, health and unknown files to their own answers', async () => {
    const api = await get('/api/v1/nothing-here');
    expect((await get('/administrator')).status).toBe(404);
    expect(api.status).toBe(404);
    expect((await errorOf(api)).code).toBe('NOT_FOUND');
    expect((await get('/healthz')).status).toBe(200);
    const missing = await get('/icons/none.png');
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('NOT_FOUND');
    expect((await fetch(`${server.url}/t/x`, { method: 'POST' })).status).toBe(404);
  });

  it('says so, and keeps the API up, when the app is not built', async () => {
    const bare = await env.startServer({ PWA_DIST_DIR: join(dist, 'missing') });
    const response = await fetch(`${bare.url}/t/AbCdEfGhIjKlMnOpQrStUv`);
    expect(response.status).toBe(404);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'NOT_FOUND', details: { reason: 'pwa_not_built' } });
    expect(error.message).toMatch(/not built/);
    expect((await fetch(`${bare.url}/healthz`)).status).toBe(200);
    await bare.close();
  });
});
