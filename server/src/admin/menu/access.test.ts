import { describe, expect, it } from 'vitest';
import { buildAdminApi } from '../index.js';
import { adminClient, signedIn, type AdminClient } from '../../test/admin.js';
import { buildCategory, buildGroup, buildItem, buildOption, buildRestaurant } from '../../test/factories.js';
import { useTestEnv, type RunningTestServer } from '../../test/harness.js';
import { errorOf } from '../../test/http.js';

const env = useTestEnv();

async function aRestaurantWithMenu() {
  const restaurant = await buildRestaurant(env.db);
  const category = await buildCategory(env.db, restaurant, { name: 'Mains' });
  const item = await buildItem(env.db, category, { name: 'Burger', stock: 10 });
  const group = await buildGroup(env.db, item, { name: 'Extras' });
  const option = await buildOption(env.db, group, { name: 'Bacon' });
  return { restaurant, ids: { category: category.id, item: item.id, group: group.id, option: option.id } };
}
type MenuIds = Awaited<ReturnType<typeof aRestaurantWithMenu>>['ids'];

/** One valid request for each menu route, naming the entries in `ids`. */
const requestsNaming = (ids: MenuIds): Record<string, { path: string; body?: unknown }> => ({
  'GET /menu': { path: '/menu' },
  'POST /menu/categories': { path: '/menu/categories', body: { name: 'Specials' } },
  'POST /menu/categories/reorder': { path: '/menu/categories/reorder', body: { ids: [ids.category] } },
  'PATCH /menu/categories/:id': { path: `/menu/categories/${ids.category}`, body: { name: 'X', expectedVersion: 1 } },
  'DELETE /menu/categories/:id': { path: `/menu/categories/${ids.category}` },
  'POST /menu/items': { path: '/menu/items', body: { categoryId: ids.category, name: 'X', priceCents: 1 } },
  'POST /menu/items/reorder': { path: '/menu/items/reorder', body: { categoryId: ids.category, ids: [ids.item] } },
  'PATCH /menu/items/:id': { path: `/menu/items/${ids.item}`, body: { priceCents: 1, expectedVersion: 1 } },
  'DELETE /menu/items/:id': { path: `/menu/items/${ids.item}` },
  'POST /menu/items/:id/availability': {
    path: `/menu/items/${ids.item}/availability`,
    body: { available: false, expectedVersion: 1 },
  },
  'POST /menu/items/:id/stock': { path: `/menu/items/${ids.item}/stock`, body: { set: 0, expectedVersion: 1 } },
  'POST /menu/items/:id/groups': { path: `/menu/items/${ids.item}/groups`, body: { name: 'X', min: 0, max: 1 } },
  'PATCH /menu/groups/:id': { path: `/menu/groups/${ids.group}`, body: { name: 'X', expectedVersion: 1 } },
  'DELETE /menu/groups/:id': { path: `/menu/groups/${ids.group}` },
  'POST /menu/groups/:id/options': {
    path: `/menu/groups/${ids.group}/options`,
    body: { name: 'X', priceDeltaCents: 1 },
  },
  'PATCH /menu/options/:id': { path: `/menu/options/${ids.option}`, body: { name: 'X', expectedVersion: 1 } },
  'DELETE /menu/options/:id': { path: `/menu/options/${ids.option}` },
});

function menuRoutes(running: RunningTestServer) {
  return buildAdminApi(running.server.deps, running.server.config).specs.filter((spec) =>
    spec.path.startsWith('/menu'),
  );
}

/** Everything of a restaurant's menu, to compare before and after. */
async function snapshot(restaurantId: string) {
  const rows = async (table: string) => env.db(table).where({ restaurant_id: restaurantId }).orderBy('id').select('*');
  return {
    restaurant: await env.db('restaurants').where({ id: restaurantId }).first('menu_version'),
    categories: await rows('menu_categories'),
    items: await rows('menu_items'),
    groups: await rows('modifier_groups'),
    options: await rows('modifier_options'),
  };
}

const send = (client: AdminClient, route: string, request: { path: string; body?: unknown }) =>
  client.request(route.split(' ')[0]!, request.path, request.body);

describe('the menu API and other restaurants', () => {
  it('has a request here for every menu route, each for managers and up', async () => {
    const running = await env.startServer();
    const routes = menuRoutes(running);
    const ids = { category: '', item: '', group: '', option: '' };
    expect(routes.map((spec) => `${spec.method} ${spec.path}`).sort()).toEqual(Object.keys(requestsNaming(ids)).sort());
    expect(new Set(routes.map((spec) => spec.minRole))).toEqual(new Set(['manager']));
  });

  it('answers 404 to an owner of A for every id of B, and nothing of either changes', async () => {
    const { url } = await env.startServer();
    const a = await aRestaurantWithMenu();
    const b = await aRestaurantWithMenu();
    const { client } = await signedIn(url, env.db, a.restaurant.id, 'owner');
    const [beforeA, beforeB] = [await snapshot(a.restaurant.id), await snapshot(b.restaurant.id)];

    const theirs = requestsNaming(b.ids);
    const mixed: [string, { path: string; body: unknown }][] = [
      [
        'POST /menu/categories/reorder',
        { path: '/menu/categories/reorder', body: { ids: [a.ids.category, b.ids.category] } },
      ],
      [
        'POST /menu/items/reorder',
        { path: '/menu/items/reorder', body: { categoryId: a.ids.category, ids: [a.ids.item, b.ids.item] } },
      ],
      [
        'PATCH /menu/items/:id',
        { path: `/menu/items/${a.ids.item}`, body: { categoryId: b.ids.category, expectedVersion: 1 } },
      ],
    ];
    const withoutIds = ['GET /menu', 'POST /menu/categories'];
    for (const [route, request] of [
      ...Object.entries(theirs).filter(([route]) => !withoutIds.includes(route)),
      ...mixed,
    ]) {
      const response = await send(client, route, request);
      expect({ route, request, status: response.status }).toEqual({ route, request, status: 404 });
      expect((await errorOf(response)).code).toBe('NOT_FOUND');
    }
    expect(await snapshot(a.restaurant.id)).toEqual(beforeA);
    expect(await snapshot(b.restaurant.id)).toEqual(beforeB);

    const menu = await (await client.request('GET', '/menu')).text();
    expect(menu).not.toContain(b.restaurant.id);
    expect(menu).not.toContain(b.ids.item);
    expect((await send(client, 'POST /menu/categories', theirs['POST /menu/categories']!)).status).toBe(201);
    expect(await snapshot(b.restaurant.id)).toEqual(beforeB);
  });

  it('answers 404, not a failure, to ids of the wrong shape', async () => {
    const running = await env.startServer();
    const { restaurant } = await aRestaurantWithMenu();
    const { client } = await signedIn(running.url, env.db, restaurant.id, 'owner');
    for (const spec of menuRoutes(running).filter((route) => route.path.includes(':id'))) {
      for (const id of ['not-a-uuid', '1', "'; drop table menu_items; --"]) {
        const path = spec.path.replace(':id', encodeURIComponent(id));
        const response = await client.request(spec.method, path, {});
        expect({ route: `${spec.method} ${path}`, status: response.status }).toEqual({
          route: `${spec.method} ${path}`,
          status: 404,
        });
      }
    }
  });
});

describe('who may change the menu', () => {
  it('refuses staff (403) and strangers (401) on every menu route, changing nothing', async () => {
    const running = await env.startServer();
    const { restaurant, ids } = await aRestaurantWithMenu();
    const { client: staff } = await signedIn(running.url, env.db, restaurant.id, 'staff');
    const stranger = adminClient(running.url);
    const before = await snapshot(restaurant.id);

    for (const [route, request] of Object.entries(requestsNaming(ids))) {
      const asStaff = await send(staff, route, request);
      expect({ route, status: asStaff.status }).toEqual({ route, status: 403 });
      expect((await errorOf(asStaff)).code).toBe('FORBIDDEN');
      const asStranger = await send(stranger, route, request);
      expect({ route, status: asStranger.status }).toEqual({ route, status: 401 });
    }
    expect(await snapshot(restaurant.id)).toEqual(before);
  });
});
