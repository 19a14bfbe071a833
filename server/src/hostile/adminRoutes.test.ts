import { listOrdersQuerySchema, loginBodySchema } from '@tableside/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAdminApi } from '../admin/index.js';
import { ADMIN_BODILESS, ADMIN_BODY_SCHEMAS, idFor, specKey } from '../test/adminBodies.js';
import { buildStaffUser, signedIn, TEST_ORIGIN } from '../test/admin.js';
import {
  buildCategory,
  buildGroup,
  buildItem,
  buildOption,
  buildOrder,
  buildRestaurant,
  buildSession,
  buildTable,
} from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import {
  bodiesFor,
  brokenFrom,
  encodeUrlPart,
  expectNoPollution,
  expectRefusal,
  hostileSegment,
  hostileValue,
  refusedBy,
} from '../test/hostile.js';
import { pairKiosk } from '../test/kitchen.js';
import { expectNothingStored } from '../test/snapshot.js';

/**
 * Guarantee 7 on every owner route, walked from the admin API's own list of
 * routes (`specs`), signed in as an owner so that the guard lets every
 * request through to the route itself. Each route gets bodies built from its
 * schema and broken, bodies from nowhere, and odd ids in its path; writes
 * with a real id get only bodies their schema refuses. Every answer is a 4xx
 * in the wire shape and nothing stored changes.
 */
const env = useTestEnv();
const RUNS = Number(process.env.FUZZ_RUNS ?? 80);

const asText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

describe('hostile input to the admin API', () => {
  it('refuses every broken body and odd id on every admin route, and changes nothing', async () => {
    const running = await env.startServer({ ROLE: 'client-api,admin-api' });
    const restaurant = await buildRestaurant(env.db);
    const category = await buildCategory(env.db, restaurant);
    const item = await buildItem(env.db, category, { stock: 5 });
    const group = await buildGroup(env.db, item);
    const option = await buildOption(env.db, group);
    const table = await buildTable(env.db, restaurant);
    const session = await buildSession(env.db, table);
    const order = await buildOrder(env.db, session);
    const colleague = await buildStaffUser(env.db, restaurant.id, 'staff');
    const device = await pairKiosk(running.url, env.db, restaurant.id);
    const { client } = await signedIn(running.url, env.db, restaurant.id, 'owner');
    const realIds = {
      '/menu/categories/': category.id,
      '/menu/items/': item.id,
      '/menu/groups/': group.id,
      '/menu/options/': option.id,
      '/tables/': table.id,
      '/sessions/': session.id,
      '/orders/': order.id,
      '/staff/': colleague.id,
      '/devices/': device.deviceId,
    };
    const realId = (path: string) => idFor(path, realIds);

    const send = async (method: string, path: string, body: unknown, hasBody: boolean) => {
      const text = hasBody ? (JSON.stringify(body) ?? 'undefined') : undefined;
      const response = await fetch(`${running.url}/api/v1/admin${path}`, {
        method,
        headers: {
          origin: TEST_ORIGIN,
          cookie: client.cookie,
          ...(text === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: text,
      });
      return { status: response.status, text: await response.text(), what: `${method} ${path} ${text?.slice(0, 120)}` };
    };

    const specs = buildAdminApi(running.server.deps, running.server.config).specs;
    expect(specs.length).toBeGreaterThanOrEqual(40);
    const unknown: string[] = [];
    let cases = 0;
    const check = async <Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IAsyncProperty<Ts>) => {
      await expectNothingStored(env, name, () => fc.assert(property, { numRuns: RUNS }));
      cases += RUNS;
    };

    for (const spec of specs) {
      if (spec.path === '/logout') continue;
      const schema = ADMIN_BODY_SCHEMAS[specKey(spec)];
      const takesBody = spec.method !== 'GET' && spec.method !== 'DELETE' && !ADMIN_BODILESS.has(specKey(spec));
      if (takesBody && !schema) unknown.push(specKey(spec));
      const withId = spec.path.includes(':id');

      if (takesBody && schema) {
        // The route's own entity (or none): only bodies its schema refuses, so nothing may change.
        const path = withId ? spec.path.replace(':id', realId(spec.path) ?? '') : spec.path;
        await check(
          `${specKey(spec)} with a broken body`,
          fc.asyncProperty(refusedBy(schema), async (body) => {
            const answer = await send(spec.method, path, body, true);
            expectRefusal(answer.status, answer.text, answer.what);
          }),
        );
      }
      if (withId) {
        // Ids of nothing, or not ids at all: refused whatever the body, valid ones included.
        await check(
          `${specKey(spec)} with odd ids`,
          fc.asyncProperty(hostileSegment, bodiesFor(schema, true), async (id, body) => {
            const answer = await send(
              spec.method,
              spec.path.replace(':id', encodeUrlPart(id)),
              body,
              takesBody || ADMIN_BODILESS.has(specKey(spec)),
            );
            expectRefusal(answer.status, answer.text, answer.what);
          }),
        );
      }
      if (spec.method === 'GET' && !withId) {
        // Reads take odd query strings in their stride: a refusal in the wire shape or an answer, never a 500.
        const query =
          spec.path === '/orders'
            ? brokenFrom(listOrdersQuerySchema).map((value) =>
                typeof value === 'object' && value !== null && !Array.isArray(value)
                  ? new URLSearchParams(
                      Object.entries(value).map(([name, v]): [string, string] => [name, asText(v)]),
                    ).toString()
                  : encodeUrlPart(asText(value)),
              )
            : fc.string({ maxLength: 200 }).map(encodeUrlPart);
        await check(
          `${specKey(spec)} with odd queries`,
          fc.asyncProperty(query, async (search) => {
            const answer = await send('GET', `${spec.path}?${search}`, undefined, false);
            expect(answer.status, answer.what).toBeLessThan(500);
            if (answer.status >= 400) expectRefusal(answer.status, answer.text, answer.what);
          }),
        );
      }
    }

    await check(
      'POST /login with a broken body',
      fc.asyncProperty(refusedBy(loginBodySchema), fc.boolean(), async (body, sameSite) => {
        const response = await fetch(`${running.url}/api/v1/admin/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(sameSite ? { origin: TEST_ORIGIN } : {}) },
          body: JSON.stringify(body) ?? 'undefined',
        });
        expectRefusal(response.status, await response.text(), `POST /login ${JSON.stringify(body)?.slice(0, 120)}`);
      }),
    );

    // Routes added without a schema here are still fuzzed, with values from nowhere, and must never fail with a 500.
    for (const name of unknown) {
      const [method, path] = name.split(' ') as [string, string];
      await fc.assert(
        fc.asyncProperty(hostileValue, async (body) => {
          const answer = await send(method, path.replace(':id', realId(path) ?? ''), body, true);
          expect(answer.status, answer.what).toBeLessThan(500);
          if (answer.status >= 400) expectRefusal(answer.status, answer.text, answer.what);
        }),
        { numRuns: RUNS },
      );
      cases += RUNS;
    }

    expectNoPollution();
    expect(cases).toBeGreaterThanOrEqual(40 * RUNS);
  }, 300_000);
});
