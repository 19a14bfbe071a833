import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskCore, type KioskCore } from '../core/kioskCore.js';
import { startBridgeServer, type BridgeServer } from './bridgeServer.js';

let dir: string;
let core: KioskCore;
let bridge: BridgeServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tableside-bridge-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Kitchen</title>');
  core = await startKioskCore({ dataDir: join(dir, 'data') });
  bridge = await startBridgeServer({ core, port: 0, rendererDir: dir });
});
afterAll(async () => {
  await bridge.close();
  await core.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A GET whose Host header is `host`, as a page on another site that resolves to 127.0.0.1 would send. */
function getAs(host: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(bridge.url);
    request({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${bridge.url}${path}`, { method: 'POST', body, headers });

describe('the agent’s localhost bridge', () => {
  it('serves the display with a strict content security policy, and its state', async () => {
    const page = await fetch(bridge.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Kitchen</title>');
    expect(await (await fetch(`${bridge.url}/api/state`)).json()).toMatchObject({ pairing: 'needed' });
    expect((await fetch(`${bridge.url}/../../etc/passwd`)).status).toBe(404);
  });

  it('answers only requests addressed to itself, and takes actions only as JSON from its own page', async () => {
    expect(await getAs('attacker.example', '/api/state')).toBe(421);
    expect(await getAs(new URL(bridge.url).host, '/api/state')).toBe(200);
    const form = await post('/api/bump', 'orderId=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(403);
    const foreign = await post('/api/bump', '{}', { 'content-type': 'application/json', origin: 'http://evil.test' });
    expect(foreign.status).toBe(403);
    const invalid = await post('/api/bump', '{"orderId":"nope"}', { 'content-type': 'application/json' });
    expect(invalid.status).toBe(400);
    const unknown = await post('/api/bump', JSON.stringify({ orderId: randomUUID() }), {
      'content-type': 'application/json',
      origin: bridge.url,
    });
    expect(await unknown.json()).toEqual({ ok: false, message: 'That ticket is no longer open.' });
  });
});
