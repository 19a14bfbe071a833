import { errorBodySchema } from '@tableside/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAdminApi } from '../index.js';
import { signedIn } from '../../test/admin.js';
import { buildCategory, buildGroup, buildItem, buildOption, buildRestaurant } from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';

/**
 * Guarantee 7 for the owner's menu: whatever body or If-Match header a menu
 * write is sent, the answer is a 4xx in the wire shape, never a 500, and a
 * refused write leaves the menu as it was.
 */
const env = useTestEnv();
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

const hostile = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom({ __proto__: { admin: true } }, { constructor: { prototype: { polluted: 1 } } }, '__proto__'),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.dictionary(
    fc.constantFrom('name', 'min', 'max', 'ids', 'categoryId', 'set', 'adjust', 'priceCents', 'expectedVersion'),
    fc.anything({ maxDepth: 2 }),
    { maxKeys: 5 },
  ),
);
const ifMatch = fc.option(fc.oneof(fc.string({ maxLength: 30 }), fc.nat().map(String)), { nil: undefined });

describe('hostile input to the menu API', () => {
  it(
    'never gets a 500 nor changes the menu when refused, on every menu write',
    async () => {
      const running = await env.startServer();
      const restaurant = await buildRestaurant(env.db);
      const category = await buildCategory(env.db, restaurant);
      const item = await buildItem(env.db, category, { stock: 5, version: 9 });
      const group = await buildGroup(env.db, item, { version: 9 });
      const option = await buildOption(env.db, group, { version: 9 });
      const { client } = await signedIn(running.url, env.db, restaurant.id, 'owner');
      const idFor = (path: string) =>
        path.startsWith('/menu/categories')
          ? category.id
          : path.startsWith('/menu/items')
            ? item.id
            : path.startsWith('/menu/groups')
              ? group.id
              : option.id;
      // Deletes take no body; their If-Match is covered by the other tests.
      const writes = buildAdminApi(running.server.deps, running.server.config).specs.filter(
        (spec) => spec.path.startsWith('/menu') && (spec.method === 'POST' || spec.method === 'PATCH'),
      );
      expect(writes.length).toBeGreaterThanOrEqual(12);

      const menu = async () =>
        Promise.all(
          ['menu_categories', 'menu_items', 'modifier_groups', 'modifier_options'].map((table) =>
            env.db(table).where({ restaurant_id: restaurant.id }).orderBy('id'),
          ),
        );
      for (const spec of writes) {
        const path = spec.path.replace(':id', idFor(spec.path));
        await fc.assert(
          fc.asyncProperty(hostile, ifMatch, async (value, version) => {
            const before = await menu();
            const response = await client.request(
              spec.method,
              path,
              value,
              version === undefined ? {} : { 'if-match': version },
            );
            const text = await response.text();
            const what = `${spec.method} ${spec.path} ${JSON.stringify(value)?.slice(0, 100)} → ${response.status} ${text.slice(0, 200)}`;
            expect(response.status, what).toBeLessThan(500);
            if (response.status < 400) return;
            expect(errorBodySchema.strict().safeParse(JSON.parse(text)).success, what).toBe(true);
            expect(await menu()).toEqual(before);
          }),
          { numRuns: RUNS },
        );
      }
    },
    30_000 + RUNS * 300,
  );
});
