import { adminTableListSchema, adminTableSchema, type AdminTable } from '@tableside/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../../test/admin.js';
import { buildOrder, buildRestaurant, buildSession, buildTable } from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';
import { errorOf, json } from '../../test/http.js';
import { join } from '../../test/tables.js';

const env = useTestEnv();

async function aManager(url: string) {
  const restaurant = await buildRestaurant(env.db);
  const { client } = await signedIn(url, env.db, restaurant.id, 'manager');
  return { restaurant, client };
}

const tableRows = (restaurantId: string) =>
  env.db('tables').where({ restaurant_id: restaurantId }).orderBy('id').select();

describe('setting up tables', () => {
  it('creates, lists, edits and deletes a table', async () => {
    const { url } = await env.startServer();
    const { restaurant, client } = await aManager(url);

    const created = await client.request('POST', '/tables', { label: '  Window 1 ', seats: 2 });
    expect(created.status).toBe(201);
    const table = adminTableSchema.parse(await created.json());
    expect(table).toMatchObject({ label: 'Window 1', seats: 2, active: true, sessionOpen: false });
    expect(table.qrToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(table.dinerUrl).toBe(`http://localhost:3000/t/${table.qrToken}`);

    const listed = adminTableListSchema.parse(await (await client.request('GET', '/tables')).json());
    expect(listed.tables).toEqual([table]);

    const patched = await client.request('PATCH', `/tables/${table.id}`, { label: 'Window 2', seats: 3 });
    expect(patched.status).toBe(200);
    expect(adminTableSchema.parse(await patched.json())).toEqual({ ...table, label: 'Window 2', seats: 3 });

    const deleted = await client.request('DELETE', `/tables/${table.id}`);
    expect(deleted.status).toBe(204);
    expect(await tableRows(restaurant.id)).toEqual([]);
    expect((await client.request('DELETE', `/tables/${table.id}`)).status).toBe(404);
  });

  it('lists tables in natural label order, with whether diners are seated', async () => {
    const { url } = await env.startServer();
    const { restaurant, client } = await aManager(url);
    for (const label of ['Table 10', 'Table 2', 'Bar', 'Table 1']) await buildTable(env.db, restaurant, { label });
    const seated = await buildTable(env.db, restaurant, { label: 'Table 3', active: false });
    await buildSession(env.db, seated);

    const { tables } = await json<{ tables: AdminTable[] }>(await client.request('GET', '/tables'));
    expect(tables.map((table) => table.label)).toEqual(['Bar', 'Table 1', 'Table 2', 'Table 3', 'Table 10']);
    expect(tables.filter((table) => table.sessionOpen).map((table) => table.label)).toEqual(['Table 3']);
    expect(tables.find((table) => table.label === 'Table 3')?.active).toBe(false);
  });

  it('answers a bad body with 400 naming the field, and changes nothing', async () => {
    const { url } = await env.startServer();
    const { restaurant, client } = await aManager(url);
    const table = await buildTable(env.db, restaurant, { label: 'A1' });
    const before = await tableRows(restaurant.id);
    const cases: [string, string, unknown, string][] = [
      ['POST', '/tables', { seats: 2 }, 'label'],
      ['POST', '/tables', { label: '', seats: 2 }, 'label'],
      ['POST', '/tables', { label: 'x'.repeat(41), seats: 2 }, 'label'],
      ['POST', '/tables', { label: 'a\u0000b', seats: 2 }, 'label'],
      ['POST', '/tables', { label: 'B1', seats: 0 }, 'seats'],
      ['POST', '/tables', { label: 'B1', seats: 101 }, 'seats'],
      ['POST', '/tables', { label: 'B1', seats: 2.5 }, 'seats'],
      ['POST', '/tables', { label: 'B1', seats: '4' }, 'seats'],
      ['POST', '/tables', { label: 'B1', seats: 2, qrToken: 'mine' }, 'body'],
      ['POST', '/tables', [], 'body'],
      ['PATCH', `/tables/${table.id}`, {}, 'body'],
      ['PATCH', `/tables/${table.id}`, { active: 'no' }, 'active'],
      ['PATCH', `/tables/${table.id}`, { seats: -1 }, 'seats'],
      ['PATCH', `/tables/${table.id}`, { label: null }, 'label'],
      ['PATCH', `/tables/${table.id}`, { qr_token: 'x'.repeat(32) }, 'body'],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await client.request(method, path, body);
      expect(response.status, `${method} ${JSON.stringify(body)}`).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toMatch(new RegExp(`^${field}:`));
    }
    expect(await tableRows(restaurant.id)).toEqual(before);
  });

  it('never answers a hostile body with a 500', async () => {
    const { url } = await env.startServer();
    const { restaurant, client } = await aManager(url);
    const table = await buildTable(env.db, restaurant);
    const field = fc.oneof(fc.anything({ maxDepth: 2 }), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.integer());
    const body = fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.record({ label: field, seats: field, active: field }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('POST /tables', `PATCH /tables/${table.id}`), body, async (route, value) => {
        const [method, path] = route.split(' ') as [string, string];
        const response = await client.request(method, path, value ?? null);
        if (response.ok) return;
        expect(response.status).toBeLessThan(500);
        await errorOf(response);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });

  it('refuses a label the restaurant already uses with 409 TABLE_LABEL_TAKEN; another restaurant may use it', async () => {
    const { url } = await env.startServer();
    const { restaurant, client } = await aManager(url);
    const other = await buildRestaurant(env.db);
    await buildTable(env.db, other, { label: 'Patio' });
    const patio = await json<AdminTable>(await client.request('POST', '/tables', { label: 'Patio', seats: 4 }));
    const bar = await json<AdminTable>(await client.request('POST', '/tables', { label: 'Bar', seats: 4 }));
    const before = await tableRows(restaurant.id);

    for (const response of [
      await client.request('POST', '/tables', { label: 'Patio', seats: 2 }),
      await client.request('PATCH', `/tables/${bar.id}`, { label: 'Patio' }),
    ]) {
      expect(response.status).toBe(409);
      const error = await errorOf(response);
      expect(error.code).toBe('TABLE_LABEL_TAKEN');
      expect(error.message).toMatch(/Patio/);
    }
    expect(await tableRows(restaurant.id)).toEqual(before);
    // Keeping its own label is no conflict.
    expect((await client.request('PATCH', `/tables/${patio.id}`, { label: 'Patio', seats: 6 })).status).toBe(200);
  });

  it('refuses to delete a table with orders, and says to deactivate it instead', async () => {
    const { url } = await env.startServer();
    const { restaurant, client } = await aManager(url);
    const table = await buildTable(env.db, restaurant);
    const session = await buildSession(env.db, table, { closed_at: new Date(), closed_reason: 'staff' });
    await buildOrder(env.db, session);

    const response = await client.request('DELETE', `/tables/${table.id}`);
    expect(response.status).toBe(409);
    const error = await errorOf(response);
    expect(error.code).toBe('TABLE_HAS_ORDERS');
    expect(error.message).toMatch(/[Dd]eactivate/);
    expect(await env.db('orders').where({ table_id: table.id })).toHaveLength(1);

    const deactivated = await client.request('PATCH', `/tables/${table.id}`, { active: false });
    expect((await json<AdminTable>(deactivated)).active).toBe(false);
  });
});

describe('taking a table out of use', () => {
  it('ends its sitting and its code stops working at once; reactivating brings the same code back', async () => {
    const { url } = await env.startServer({ TABLE_CACHE_TTL_MS: '60000' });
    const { restaurant, client } = await aManager(url);
    const table = await buildTable(env.db, restaurant);
    const diner = await join(url, table.qr_token);
    expect((await fetch(`${url}/api/v1/tables/${table.qr_token}`)).status).toBe(200);

    const patched = await client.request('PATCH', `/tables/${table.id}`, { active: false });
    expect(await json<AdminTable>(patched)).toMatchObject({ active: false, sessionOpen: false });
    for (const path of ['', '/menu']) {
      const response = await fetch(`${url}/api/v1/tables/${table.qr_token}${path}`);
      expect((await errorOf(response)).code).toBe('TABLE_NOT_FOUND');
    }
    const session = await env.db('table_sessions').where({ id: diner.session.id }).first();
    expect(session.closed_reason).toBe('table_removed');

    await client.request('PATCH', `/tables/${table.id}`, { active: true });
    expect((await fetch(`${url}/api/v1/tables/${table.qr_token}`)).status).toBe(200);
    const rejoined = await join(url, table.qr_token, { token: diner.dinerToken });
    expect(rejoined.session.id).not.toBe(diner.session.id);
  });

  it('deletes a table without orders even while diners sit at it, closing their sitting first', async () => {
    const { url } = await env.startServer();
    const { restaurant, client } = await aManager(url);
    const table = await buildTable(env.db, restaurant);
    await join(url, table.qr_token);
    expect((await client.request('DELETE', `/tables/${table.id}`)).status).toBe(204);
    expect((await errorOf(await fetch(`${url}/api/v1/tables/${table.qr_token}`))).code).toBe('TABLE_NOT_FOUND');
    expect(await env.db('table_sessions').where({ table_id: table.id })).toEqual([]);
  });
});
