import { connect } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { MAX_JSON_DEPTH } from '../platform/jsonBody.js';
import { connectDiner } from '../test/diners.js';
import { buildRestaurant, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { errorOf } from '../test/http.js';
import { nested } from '../test/hostile.js';
import { seat } from '../test/orders.js';

/** The server's limits on what one client may send: body size and depth, time, socket messages and events. */
const env = useTestEnv();

const postJoin = (url: string, qrToken: string, body: string, type = 'application/json') =>
  fetch(`${url}/api/v1/tables/${qrToken}/join`, { method: 'POST', headers: { 'content-type': type }, body });

/**
 * Opens a raw TCP connection, writes `first`, then one more byte of `drip`
 * every `everyMs`, and resolves when the server closes the connection: with
 * what it answered and how long it waited.
 */
function trickle(port: number, first: string, drip: string, everyMs: number) {
  return new Promise<{ answer: string; afterMs: number }>((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < drip.length && !socket.destroyed) socket.write(drip[sent++]!);
    }, everyMs);
    socket.on('connect', () => socket.write(first));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, afterMs: Date.now() - started });
    });
    setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error('the server kept the trickling connection open'));
    }, 10_000);
  });
}

describe('request limits', () => {
  it('refuses bodies over 64 kB, nested too deep, or not JSON, with their own codes', async () => {
    const { url } = await env.startServer();
    const table = await buildTable(env.db, await buildRestaurant(env.db));

    const tooLarge = await postJoin(url, table.qr_token, JSON.stringify({ displayName: 'x'.repeat(70_000) }));
    expect(tooLarge.status).toBe(413);
    expect((await errorOf(tooLarge)).code).toBe('PAYLOAD_TOO_LARGE');
    // Just under the limit, the body is read and refused for what it says.
    const large = await postJoin(url, table.qr_token, JSON.stringify({ displayName: 'x'.repeat(60_000) }));
    expect((await errorOf(large)).code).toBe('VALIDATION_FAILED');

    // 30,000 levels fit in 64 kB; JSON.stringify itself overflows the stack on them, so the text is built by hand.
    const deepest = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    for (const text of [
      JSON.stringify(nested(MAX_JSON_DEPTH + 1)),
      JSON.stringify(nested(MAX_JSON_DEPTH + 1, 1, false)),
      deepest,
    ]) {
      const deep = await postJoin(url, table.qr_token, text);
      expect(deep.status).toBe(400);
      expect(await errorOf(deep)).toEqual({
        code: 'JSON_TOO_DEEP',
        message: expect.any(String),
        details: { maxDepth: MAX_JSON_DEPTH },
      });
    }
    const deepButAllowed = await postJoin(url, table.qr_token, JSON.stringify(nested(MAX_JSON_DEPTH)));
    expect((await errorOf(deepButAllowed)).code).toBe('VALIDATION_FAILED');

    // A cross-site form can post text/plain without asking first: it must not act as an empty JSON body.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const form = await postJoin(url, table.qr_token, 'displayName=Eve', type);
      expect(form.status).toBe(415);
      expect((await errorOf(form)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await env.db('diners').count<{ count: number }[]>('* as count')).toEqual([{ count: 0 }]);
  });

  it('cuts off a client that trickles its headers or its body, and keeps serving the others', async () => {
    const { url, port } = await env.startServer({ HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '1000' });
    const table = await buildTable(env.db, await buildRestaurant(env.db));
    const slowHeaders = trickle(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X-Slow: ' + 'a'.repeat(100), 100);
    const slowBody = trickle(
      port,
      `POST /api/v1/tables/${table.qr_token}/join HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`,
      `{"displayName":"${'z'.repeat(80)}"}`,
      100,
    );
    const meanwhile = await fetch(`${url}/healthz`);
    expect(meanwhile.status).toBe(200);

    const headers = await slowHeaders;
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(headers.afterMs).toBeGreaterThanOrEqual(400);
    expect(headers.afterMs).toBeLessThan(2_000);
    const body = await slowBody;
    expect(body.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(body.afterMs).toBeGreaterThanOrEqual(900);
    expect(body.afterMs).toBeLessThan(3_000);
    expect(await env.db('diners').count<{ count: number }[]>('* as count')).toEqual([{ count: 0 }]);
  });
});

describe('socket limits', () => {
  it('drops a socket message over 64 kB, and serves the next connection', async () => {
    const { url } = await env.startServer();
    const diner = await seat(url, (await buildTable(env.db, await buildRestaurant(env.db))).qr_token);
    const phone = await connectDiner(url, diner.joined.dinerToken);
    const justUnder = await phone.send('cart:clear', { opId: 'x'.repeat(60_000) });
    expect(justUnder).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const closed = new Promise<string>((resolve) => phone.socket.once('disconnect', resolve));
    (phone.socket as unknown as Socket).emit('cart:clear', { opId: 'x'.repeat(70_000) });
    expect(await closed).toBe('transport close');

    const again = await connectDiner(url, diner.joined.dinerToken);
    expect(await again.send('cart:sync', {})).toMatchObject({ ok: true });
    again.close();
  });

  it('answers RATE_LIMITED past the event limit, and disconnects a socket that keeps on', async () => {
    const { url } = await env.startServer({ SOCKET_EVENTS_PER_SECOND: '5', SOCKET_EVENT_BURST: '10' });
    const diner = await seat(url, (await buildTable(env.db, await buildRestaurant(env.db))).qr_token);
    const phone = await connectDiner(url, diner.joined.dinerToken);

    const burst = await Promise.all(Array.from({ length: 13 }, () => phone.send('cart:sync', {})));
    expect(burst.slice(0, 10).every((ack) => ack.ok)).toBe(true);
    expect(burst.slice(10)).toEqual(
      Array.from({ length: 3 }, () => ({
        ok: false,
        error: { code: 'RATE_LIMITED', message: expect.any(String), details: { retryAfterSeconds: 1 } },
      })),
    );

    // A pause refills the bucket: the socket is served again and its refusals are forgiven.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await phone.send('cart:sync', {})).toMatchObject({ ok: true });

    const disconnected = new Promise<string>((resolve) => phone.socket.once('disconnect', resolve));
    // Acks still owed when the server hangs up are never answered: the client gives up on them.
    const spam = await Promise.allSettled(
      Array.from({ length: 25 }, () => phone.socket.timeout(5_000).emitWithAck('cart:sync', {})),
    );
    const refusals = spam.flatMap((sent) => (sent.status === 'fulfilled' && !sent.value.ok ? [sent.value] : []));
    expect(refusals.length).toBe(11);
    expect(refusals.at(-1)).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', details: { disconnected: true } },
    });
    expect(await disconnected).toBe('io server disconnect');
  });

  it('keeps a client that backs off when limited, as a kiosk replaying its backlog does', async () => {
    const { url } = await env.startServer({ SOCKET_EVENTS_PER_SECOND: '10', SOCKET_EVENT_BURST: '10' });
    const diner = await seat(url, (await buildTable(env.db, await buildRestaurant(env.db))).qr_token);
    const phone = await connectDiner(url, diner.joined.dinerToken);
    let served = 0;
    for (let round = 0; round < 3; round++) {
      // Sixteen at once (the kiosk's window), then a pause before the next round.
      const acks = await Promise.all(Array.from({ length: 16 }, () => phone.send('cart:sync', {})));
      served += acks.filter((ack) => ack.ok).length;
      expect(acks.filter((ack) => !ack.ok).every((ack) => !ack.ok && ack.error.code === 'RATE_LIMITED')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
    expect(served).toBeGreaterThanOrEqual(30);
    expect(phone.socket.connected).toBe(true);
  });

  it('never limits a table tapping at a diner’s pace', async () => {
    const production = loadConfig({});
    const { url } = await env.startServer({
      SOCKET_EVENTS_PER_SECOND: String(production.SOCKET_EVENTS_PER_SECOND),
      SOCKET_EVENT_BURST: String(production.SOCKET_EVENT_BURST),
    });
    const diner = await seat(url, (await buildTable(env.db, await buildRestaurant(env.db))).qr_token);
    const phone = await connectDiner(url, diner.joined.dinerToken);
    // A rush of taps (the whole order at once, a reconnect's replay), then a steady few a second.
    const acks = await Promise.all(Array.from({ length: 40 }, () => phone.send('cart:sync', {})));
    for (let second = 0; second < 3; second++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      acks.push(...(await Promise.all(Array.from({ length: 5 }, () => phone.send('cart:sync', {})))));
    }
    expect(acks.filter((ack) => !ack.ok)).toEqual([]);
  });

  it('refuses a socket handshake from another site’s page, and serves its own and listed ones', async () => {
    const { url } = await env.startServer({ CORS_ORIGINS: 'https://menu.example.com' });
    const diner = await seat(url, (await buildTable(env.db, await buildRestaurant(env.db))).qr_token);
    const attempt = async (origin: string) => {
      const socket = io(`${url}/diner`, {
        auth: { token: diner.joined.dinerToken },
        transports: ['websocket'],
        extraHeaders: { origin },
        reconnection: false,
        forceNew: true,
      });
      try {
        return await new Promise<string>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', () => resolve('refused'));
        });
      } finally {
        socket.close();
      }
    };
    expect(await attempt('https://evil.example')).toBe('refused');
    expect(await attempt(url)).toBe('connected');
    expect(await attempt('https://menu.example.com')).toBe('connected');
    expect(await attempt('http://localhost:3000')).toBe('connected');
  });
});
