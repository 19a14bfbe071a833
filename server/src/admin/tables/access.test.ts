import { type AdminTable } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../../test/admin.js';
import { buildRestaurant, buildSession, buildTable } from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';
import { errorOf, json } from '../../test/http.js';
import { buildAdminApi } from '../index.js';

const env = useTestEnv();

/** Every tables route, called on table `id` with a body that would be valid. */
const everyRoute = (id: string): [string, string, unknown?][] => [
  ['GET', '/tables'],
  ['POST', '/tables', { label: 'New table', seats: 2 }],
  ['PATCH', `/tables/${id}`, { label: 'Renamed', seats: 8, active: false }],
  ['DELETE', `/tables/${id}`],
  ['POST', `/tables/${id}/rotate-qr`],
  ['GET', `/tables/${id}/qr.svg`],
  ['GET', `/tables/${id}/qr.png`],
  ['GET', '/tables/qr-sheet.pdf'],
];

describe('who may manage tables', () => {
  it('covers every tables route the admin API declares, each for managers and up', async () => {
    const { server } = await env.startServer();
    const declared = buildAdminApi(server.deps, server.config).specs.filter((spec) => spec.path.startsWith('/tables'));
    const id = '00000000-0000-4000-8000-000000000001';
    const tested = everyRoute(id).map(([method, path]) => `${method} ${path.replace(id, ':id')}`);
    expect(declared.map((spec) => `${spec.method} ${spec.path}`).sort()).toEqual([...tested].sort());
    expect(new Set(declared.map((spec) => spec.minRole))).toEqual(new Set(['manager']));
  });

  it('refuses staff with 403 on every route, and changes nothing', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const table = await buildTable(env.db, restaurant);
    const before = await env.db('tables').where({ restaurant_id: restaurant.id });
    const { client } = await signedIn(url, env.db, restaurant.id, 'staff');
    for (const [method, path, body] of everyRoute(table.id)) {
      const response = await client.request(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await errorOf(response)).code).toBe('FORBIDDEN');
    }
    expect(await env.db('tables').where({ restaurant_id: restaurant.id })).toEqual(before);
  });
});

describe('tenant isolation', () => {
  it('answers 404 to another restaurant’s table ids on every route, and leaves its tables alone', async () => {
    const { url } = await env.startServer();
    const a = await buildRestaurant(env.db);
    const b = await buildRestaurant(env.db);
    await buildTable(env.db, a, { label: 'A1' });
    const theirs = await buildTable(env.db, b, { label: 'B1' });
    await buildSession(env.db, theirs);
    const before = {
      tables: await env.db('tables').where({ restaurant_id: b.id }).orderBy('id'),
      sessions: await env.db('table_sessions').where({ restaurant_id: b.id }).orderBy('id'),
    };
    const { client } = await signedIn(url, env.db, a.id, 'owner');

    for (const [method, path, body] of everyRoute(theirs.id).filter(([, path]) => path.includes(theirs.id))) {
      const response = await client.request(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect((await errorOf(response)).code).toBe('NOT_FOUND');
    }
    for (const path of ['/tables/not-a-uuid/qr.svg', '/tables/123/qr.png']) {
      expect((await errorOf(await client.request('GET', path))).code).toBe('NOT_FOUND');
    }
    expect((await errorOf(await client.request('PATCH', '/tables/not-a-uuid', { seats: 2 }))).code).toBe('NOT_FOUND');

    const { tables } = await json<{ tables: AdminTable[] }>(await client.request('GET', '/tables'));
    expect(tables.map((table) => table.label)).toEqual(['A1']);
    // Labels are unique per restaurant only: A may use B's.
    expect((await client.request('POST', '/tables', { label: 'B1', seats: 2 })).status).toBe(201);
    expect({
      tables: await env.db('tables').where({ restaurant_id: b.id }).orderBy('id'),
      sessions: await env.db('table_sessions').where({ restaurant_id: b.id }).orderBy('id'),
    }).toEqual(before);
  });
});
