import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { adminClient, buildStaffUser, signedIn } from '../test/admin.js';
import { connectDiner } from '../test/diners.js';
import { buildCategory, buildItem, buildRestaurant, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { errorOf, json } from '../test/http.js';
import { pairKiosk } from '../test/kitchen.js';
import { seat } from '../test/orders.js';
import { createLogger } from '../platform/logger.js';

/** What a browser and an operator's log see: headers, CORS, cookies, error bodies and log lines. */
const env = useTestEnv();
const SITE = 'https://menu.example.com';

/** A Content-Security-Policy header as directive → sources. */
function cspOf(response: Response): Record<string, string> {
  return Object.fromEntries(
    (response.headers.get('content-security-policy') ?? '').split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name, sources.join(' ')];
    }),
  );
}

describe('security headers', () => {
  it('sends the app’s documents helmet’s headers and a CSP of our own scripts only', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'tableside-pwa-'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Tableside</title>');
    await writeFile(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    const { url } = await env.startServer({ PWA_DIST_DIR: dist });
    for (const path of ['/', '/t/some-table', '/admin', '/sw.js']) {
      const response = await fetch(`${url}${path}`);
      await response.arrayBuffer();
      expect(response.status, path).toBe(200);
      const headers = response.headers;
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(headers.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
      expect(headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(headers.get('x-powered-by'), path).toBeNull();
      const csp = cspOf(response);
      // Scripts only from our own origin: no inline script, no eval (the built app's own check is the e2e CSP test).
      expect(csp['script-src'], path).toBe("'self'");
      expect(csp['default-src'], path).toBe("'self'");
      expect(csp['object-src'], path).toBe("'none'");
      expect(csp['frame-ancestors'], path).toBe("'none'");
      expect(csp['connect-src'], path).toBe("'self'");
    }
  });

  it('sends every JSON answer, errors included, a policy under which it can be nothing but data', async () => {
    const { url } = await env.startServer();
    const table = await buildTable(env.db, await buildRestaurant(env.db));
    const paths = [`/api/v1/tables/${table.qr_token}`, `/api/v1/tables/${table.qr_token}/menu`, '/api/v1/tables/nope'];
    for (const path of [...paths, '/api/v1/admin/menu', '/healthz', '/nowhere']) {
      const response = await fetch(`${url}${path}`);
      await response.arrayBuffer();
      const headers = response.headers;
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('x-frame-options'), path).toBe('DENY');
      expect(headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
      expect(headers.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
      expect(headers.get('x-powered-by'), path).toBeNull();
      expect(cspOf(response), path).toEqual({ 'default-src': "'none'", 'frame-ancestors': "'none'" });
    }
  });

  it('keeps a 304 to what updates the stored answer, which has the security headers already', async () => {
    const { url } = await env.startServer();
    const table = await buildTable(env.db, await buildRestaurant(env.db));
    const menuUrl = `${url}/api/v1/tables/${table.qr_token}/menu`;
    const first = await fetch(menuUrl);
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const again = await fetch(menuUrl, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    expect(again.headers.get('vary')).toBe(first.headers.get('vary'));
    expect(again.headers.get('content-security-policy')).toBeNull();
    expect(first.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/api/v1/tables/AAAAAAAAAAAAAAAAAAAAAA/orders`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });

  it('answers no other site by default: same origin only', async () => {
    const { url } = await env.startServer();
    const table = await buildTable(env.db, await buildRestaurant(env.db));
    const asked = await preflight(url, SITE);
    expect(asked.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${url}/api/v1/tables/${table.qr_token}`, { headers: { origin: SITE } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const polling = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: SITE } });
    expect(polling.status).toBe(403);
    expect(polling.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers the origins in CORS_ORIGINS, never with credentials, and nobody else', async () => {
    const { url } = await env.startServer({ CORS_ORIGINS: `${SITE}, https://other.example.com/` });
    const table = await buildTable(env.db, await buildRestaurant(env.db));

    const asked = await preflight(url, SITE);
    expect(asked.status).toBe(204);
    expect(asked.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(asked.headers.get('access-control-allow-methods')).toContain('POST');
    expect(asked.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Idempotency-Key/);
    expect(asked.headers.get('access-control-allow-credentials')).toBeNull();
    expect(asked.headers.get('vary')).toMatch(/Origin/);
    expect((await preflight(url, 'https://other.example.com')).headers.get('access-control-allow-origin')).toBe(
      'https://other.example.com',
    );

    const read = await fetch(`${url}/api/v1/tables/${table.qr_token}/menu`, { headers: { origin: SITE } });
    expect(read.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(read.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    expect(read.headers.get('vary')).toMatch(/Origin/);
    expect(read.headers.get('vary')).toMatch(/Accept-Encoding/);

    for (const stranger of ['https://evil.example', 'null', `${SITE}.evil.example`, 'http://menu.example.com']) {
      const refused = await preflight(url, stranger);
      expect(refused.headers.get('access-control-allow-origin'), stranger).toBeNull();
      const strangerRead = await fetch(`${url}/api/v1/tables/${table.qr_token}`, { headers: { origin: stranger } });
      expect(strangerRead.headers.get('access-control-allow-origin'), stranger).toBeNull();
    }

    const polling = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: SITE } });
    expect(polling.status).toBe(200);
    expect(polling.headers.get('access-control-allow-origin')).toBe(SITE);
    const strangerPolling = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(strangerPolling.status).toBe(403);
  });
});

describe('the staff cookie', () => {
  const cookieOf = async (url: string, origin: string) => {
    const restaurant = await buildRestaurant(env.db);
    const user = await buildStaffUser(env.db, restaurant.id, 'owner');
    const response = await fetch(`${url}/api/v1/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(response.status).toBe(200);
    return (response.headers.get('set-cookie') ?? '').split(';').map((part) => part.trim());
  };

  it('is HttpOnly and SameSite=Lax, and Secure once the public address is https', async () => {
    const plain = await cookieOf((await env.startServer()).url, 'http://localhost:3000');
    expect(plain).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']));
    expect(plain).not.toContain('Secure');

    const https = await env.startServer({ PUBLIC_URL: 'https://tableside.example' });
    const secure = await cookieOf(https.url, 'https://tableside.example');
    expect(secure).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Secure']));
  });
});

describe('what leaks', () => {
  it('writes no token, table code, cookie or password to the log, whichever way it came in', async () => {
    let written = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const logger = createLogger({ LOG_LEVEL: 'debug' }, sink);
    const { url } = await env.startServer({ LOG_LEVEL: 'debug' }, { logger });
    const restaurant = await buildRestaurant(env.db);
    const table = await buildTable(env.db, restaurant);
    const diner = await seat(url, table.qr_token);
    const dinerToken = diner.joined.dinerToken;
    await (
      await fetch(`${url}/api/v1/tables/${table.qr_token}/session`, {
        headers: { authorization: `Bearer ${dinerToken}` },
      })
    ).text();
    await (
      await fetch(`${url}/api/v1/tables/${table.qr_token}/join`, {
        method: 'POST',
        headers: { authorization: `Bearer ${dinerToken}`, 'content-type': 'application/json' },
        body: '{}',
      })
    ).text();
    const kiosk = await pairKiosk(url, env.db, restaurant.id);
    const { user, client } = await signedIn(url, env.db, restaurant.id, 'owner');
    const cookieToken = client.cookie.split('=')[1]!;
    await (await client.request('GET', '/me')).text();
    await (
      await adminClient(url).request('POST', '/login', { email: user.email, password: 'wrong horse battery' })
    ).text();
    await (await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } })).text();
    // A table's code is in the path of every diner route and of the QR landing page; a refused request is logged too.
    await (await fetch(`${url}/t/${table.qr_token}`)).text();
    await (
      await fetch(`${url}/api/v1/tables/${table.qr_token}/orders`, {
        method: 'POST',
        headers: { referer: `${url}/t/${table.qr_token}` },
      })
    ).text();
    // Whatever object a later line logs a secret in, under the names secrets go by.
    logger.info(
      {
        token: kiosk.token,
        dinerToken,
        deviceToken: kiosk.token,
        password: user.password,
        body: { password: 'hunter2-hunter2' },
        handshake: { auth: { token: dinerToken } },
      },
      'secrets in a log line',
    );
    await new Promise((resolve) => setImmediate(resolve));

    expect(written).toContain('"url":"/api/v1/admin/me"');
    expect(written).toContain(`"url":"/api/v1/tables/${table.qr_token.slice(0, 4)}…/orders"`);
    expect(written).toContain('[redacted]');
    for (const secret of [
      dinerToken,
      kiosk.token,
      cookieToken,
      user.password,
      'wrong horse battery',
      'hunter2-hunter2',
      'scrape-token-0123456789',
      table.qr_token,
    ]) {
      expect(written, `the log holds ${secret.slice(0, 12)}…`).not.toContain(secret);
    }
  });

  it('answers an internal failure with its code only: no stack, no SQL, no names of our insides', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const item = await buildItem(env.db, await buildCategory(env.db, restaurant));
    const table = await buildTable(env.db, restaurant);
    const diner = await seat(url, table.qr_token);
    const phone = await connectDiner(url, diner.joined.dinerToken);
    const { client } = await signedIn(url, env.db, restaurant.id, 'owner');

    // A real failure inside: a table this file's own database no longer has.
    await env.db.raw('alter table menu_items rename to menu_items_moved');
    try {
      const answers = [
        await fetch(`${url}/api/v1/tables/${table.qr_token}/menu`),
        await client.request('GET', '/menu'),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(500);
        const text = await answer.text();
        expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } });
        expect(text).not.toMatch(/relation|select|menu_items|at .*\.ts/i);
      }
      const ack = await phone.send('cart:add', { opId: 'internal-1', itemId: item.id, quantity: 1 });
      expect(ack).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } });
    } finally {
      await env.db.raw('alter table menu_items_moved rename to menu_items');
    }
    // And once the cause is gone, the same requests work: nothing was left broken.
    expect((await fetch(`${url}/api/v1/tables/${table.qr_token}/menu`)).status).toBe(200);
    expect(await json(await client.request('GET', '/menu'))).toHaveProperty('categories');
    expect((await errorOf(await fetch(`${url}/api/v1/tables/${table.qr_token}/nope`))).code).toBe('NOT_FOUND');
  });
});
