import { describe, expect, it } from 'vitest';
import { STAFF_ROLES, roleAtLeast } from '@tableside/shared';
import { buildRestaurant } from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';
import { errorOf, json } from '../../test/http.js';
import { adminClient, buildStaffUser, signedIn, TEST_ORIGIN } from '../../test/admin.js';
import { buildAdminApi } from '../index.js';

const env = useTestEnv();
const SOME_ID = '00000000-0000-4000-8000-000000000001';

describe('every admin route is guarded', () => {
  it('answers 401 without a session and 403 below its role, for every route the router has', async () => {
    const { url, server } = await env.startServer();
    const { router, specs } = buildAdminApi(server.deps, server.config);

    // Every route the router serves is declared with a role (or is the sign-in).
    const served = router.stack.flatMap((layer) =>
      layer.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${layer.path}`),
    );
    const declared = specs.map((spec) => `${spec.method} /api/v1/admin${spec.path}`);
    expect(served.filter((route) => route !== 'POST /api/v1/admin/login').sort()).toEqual([...declared].sort());
    expect(specs.length).toBeGreaterThan(10);

    const restaurant = await buildRestaurant(env.db);
    const clients = Object.fromEntries(
      await Promise.all(
        STAFF_ROLES.map(async (role) => [role, (await signedIn(url, env.db, restaurant.id, role)).client] as const),
      ),
    );
    const anonymous = adminClient(url);
    for (const spec of specs) {
      const path = spec.path.replace(/:[a-zA-Z]+/g, SOME_ID);
      const body = spec.method === 'GET' || spec.method === 'DELETE' ? undefined : {};
      const refused = await anonymous.request(spec.method, path, body);
      expect(refused.status, `${spec.method} ${spec.path} without a session`).toBe(401);
      expect((await errorOf(refused)).code).toBe('UNAUTHENTICATED');
      for (const role of STAFF_ROLES.filter((candidate) => !roleAtLeast(candidate, spec.minRole))) {
        const response = await clients[role]!.request(spec.method, path, body);
        expect(response.status, `${spec.method} ${spec.path} as ${role}`).toBe(403);
        expect((await errorOf(response)).code).toBe('FORBIDDEN');
      }
    }
  });
});

describe('signing in', () => {
  it('signs in with an HTTP-only, SameSite=Lax cookie, answers /me, and signs out', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db, { name: 'Chez Test' });
    const user = await buildStaffUser(env.db, restaurant.id, 'manager');
    const client = adminClient(url);
    const response = await client.request('POST', '/login', {
      email: user.email.toUpperCase(),
      password: user.password,
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    client.cookie = cookie.split(';')[0]!;
    const me = await json<{ user: { role: string }; restaurant: { name: string } }>(await client.request('GET', '/me'));
    expect(me.user.role).toBe('manager');
    expect(me.restaurant.name).toBe('Chez Test');

    expect((await client.request('POST', '/logout')).status).toBe(204);
    expect((await client.request('GET', '/me')).status).toBe(401);
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const { url } = await env.startServer({ PUBLIC_URL: 'https://orders.example.test' });
    const restaurant = await buildRestaurant(env.db);
    const user = await buildStaffUser(env.db, restaurant.id, 'owner');
    const response = await adminClient(url).request(
      'POST',
      '/login',
      { email: user.email, password: user.password },
      { origin: 'https://orders.example.test' },
    );
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('refuses a wrong password and an unknown email alike, and the 6th rapid failure with 429', async () => {
    const { url } = await env.startServer({ REDIS_KEY_PREFIX: `${env.prefix}login:` });
    const restaurant = await buildRestaurant(env.db);
    const user = await buildStaffUser(env.db, restaurant.id, 'owner');
    const client = adminClient(url);
    const unknown = await errorOf(
      await client.request('POST', '/login', { email: 'nobody@example.test', password: 'x' }),
    );
    for (let i = 0; i < 5; i++) {
      const response = await client.request('POST', '/login', { email: user.email, password: `wrong ${i}` });
      expect(response.status).toBe(401);
      expect(await errorOf(response)).toEqual(unknown);
    }
    const limited = await client.request('POST', '/login', { email: user.email, password: user.password });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses writes from another origin (CSRF), with or without a session', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const { client } = await signedIn(url, env.db, restaurant.id, 'owner');
    for (const origin of ['https://evil.example', '']) {
      const response = await client.request('POST', '/devices/pairing-codes', {}, { origin });
      expect(response.status).toBe(403);
      expect((await errorOf(response)).code).toBe('CSRF_REJECTED');
      const login = await adminClient(url).request('POST', '/login', { email: 'a@b.test', password: 'x' }, { origin });
      expect((await errorOf(login)).code).toBe('CSRF_REJECTED');
    }
    const fromUs = await client.request(
      'POST',
      '/devices/pairing-codes',
      {},
      { origin: '', referer: `${TEST_ORIGIN}/admin/devices` },
    );
    expect(fromUs.status).toBe(201);
  });
});
