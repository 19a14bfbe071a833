import { type AdminTable } from '@tableside/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createBus, type Bus } from '../../platform/bus.js';
import { createLogger } from '../../platform/logger.js';
import { signedIn } from '../../test/admin.js';
import { connectDiner, waitFor, type ConnectedDiner } from '../../test/diners.js';
import { buildRestaurant, buildTable } from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';
import { errorOf, json } from '../../test/http.js';
import { join } from '../../test/tables.js';

const env = useTestEnv();
const phones: ConnectedDiner[] = [];
const buses: Bus[] = [];
afterEach(async () => {
  for (const phone of phones.splice(0)) phone.close();
  for (const bus of buses.splice(0)) await bus.close();
});

/**
 * The real bus, heard `delayMs` late: what still answers 404 at once then is
 * the rotation dropping the code from this process's cache itself.
 */
function slowBus(delayMs: number): Bus {
  const bus = createBus(env.redis, env.keys.bus, createLogger(env.config()));
  buses.push(bus);
  return { ...bus, listen: (listener) => bus.listen((message) => setTimeout(() => listener(message), delayMs)) };
}

/** A long cache lifetime: what drops the old code is the rotation, not the clock. */
const LONG_CACHE = { TABLE_CACHE_TTL_MS: '60000' };

const dinerRoutes = (url: string, qrToken: string) => [
  fetch(`${url}/api/v1/tables/${qrToken}`),
  fetch(`${url}/api/v1/tables/${qrToken}/menu`),
  fetch(`${url}/api/v1/tables/${qrToken}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }),
];

describe('rotating a table’s QR code', () => {
  it('kills the old code at once on every route, ends the sitting, and the new code works', async () => {
    const { url } = await env.startServer(LONG_CACHE, { bus: slowBus(500) });
    const restaurant = await buildRestaurant(env.db);
    const table = await buildTable(env.db, restaurant);
    const { client } = await signedIn(url, env.db, restaurant.id, 'manager');
    const diner = await join(url, table.qr_token, { displayName: 'Ana' });
    const phone = await connectDiner(url, diner.dinerToken);
    phones.push(phone);
    // The landing and the menu now come from this process's table cache.
    for (const response of await Promise.all(dinerRoutes(url, table.qr_token).slice(0, 2))) {
      expect(response.status).toBe(200);
    }

    const response = await client.request('POST', `/tables/${table.id}/rotate-qr`);
    expect(response.status).toBe(200);
    const rotated = await json<AdminTable>(response);
    expect(rotated.qrToken).not.toBe(table.qr_token);
    expect(rotated.qrToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(rotated).toMatchObject({ id: table.id, sessionOpen: false });

    for (const old of await Promise.all(dinerRoutes(url, table.qr_token))) {
      expect(old.status).toBe(404);
      expect((await errorOf(old)).code).toBe('TABLE_NOT_FOUND');
    }

    const closed = await env.db('table_sessions').where({ id: diner.session.id }).first();
    expect(closed.closed_reason).toBe('qr_rotated');
    const session = await fetch(`${url}/api/v1/tables/${rotated.qrToken}/session`, {
      headers: { authorization: `Bearer ${diner.dinerToken}` },
    });
    expect(session.status).toBe(401);
    expect((await errorOf(session)).code).toBe('SESSION_CLOSED');
    await waitFor(() => phone.closed.find((event) => event.reason === 'qr_rotated'), 2_000, 'table:closed');

    for (const fresh of await Promise.all(dinerRoutes(url, rotated.qrToken))) expect(fresh.ok).toBe(true);
    const again = await join(url, rotated.qrToken, { token: diner.dinerToken });
    expect(again.session.id).not.toBe(diner.session.id);
  });

  it('drops the old code from another instance’s cache through the bus', async () => {
    const a = await env.startServer(LONG_CACHE);
    const b = await env.startServer(LONG_CACHE);
    const restaurant = await buildRestaurant(env.db);
    const table = await buildTable(env.db, restaurant);
    const { client } = await signedIn(a.url, env.db, restaurant.id, 'owner');
    expect((await fetch(`${b.url}/api/v1/tables/${table.qr_token}`)).status).toBe(200);

    expect((await client.request('POST', `/tables/${table.id}/rotate-qr`)).status).toBe(200);
    await waitFor(
      async () => ((await fetch(`${b.url}/api/v1/tables/${table.qr_token}`)).status === 404 ? true : undefined),
      2_000,
      'instance B to forget the old code',
    );
  });

  it('rotates a table nobody sits at', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const table = await buildTable(env.db, restaurant);
    const { client } = await signedIn(url, env.db, restaurant.id, 'manager');
    const first = await json<AdminTable>(await client.request('POST', `/tables/${table.id}/rotate-qr`));
    const second = await json<AdminTable>(await client.request('POST', `/tables/${table.id}/rotate-qr`));
    expect(new Set([table.qr_token, first.qrToken, second.qrToken]).size).toBe(3);
    expect((await env.db('tables').where({ id: table.id }).first()).qr_token).toBe(second.qrToken);
  });
});
