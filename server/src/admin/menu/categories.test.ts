import { adminMenuSchema, type AdminMenu, type AdminMenuCategory } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../../test/admin.js';
import {
  buildCategory,
  buildGroup,
  buildItem,
  buildOption,
  buildRestaurant,
  type RestaurantRow,
} from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';
import { errorOf, json } from '../../test/http.js';

const env = useTestEnv();

async function anOwner() {
  const { url } = await env.startServer();
  const restaurant = await buildRestaurant(env.db);
  const { client } = await signedIn(url, env.db, restaurant.id, 'owner');
  return { url, restaurant, client };
}

const menuVersion = async (restaurant: RestaurantRow) =>
  ((await env.db('restaurants').where({ id: restaurant.id }).first('menu_version')) as { menu_version: number })
    .menu_version;

describe('the owner’s menu', () => {
  it('shows every field of every entry, in menu order, exact stock included', async () => {
    const { restaurant, client } = await anOwner();
    const drinks = await buildCategory(env.db, restaurant, { name: 'Drinks', position: 2 });
    const mains = await buildCategory(env.db, restaurant, { name: 'Mains', position: 1 });
    const steak = await buildItem(env.db, mains, {
      name: 'Steak',
      description: 'Dry-aged',
      price_cents: 2900,
      allergens: ['mustard'],
      image_url: 'https://cdn.example.test/steak.jpg',
      stock: 4073,
      position: 1,
    });
    await buildItem(env.db, mains, { name: 'Burger', position: 0 });
    await buildItem(env.db, drinks, { name: 'Cider', available: false });
    const cooking = await buildGroup(env.db, steak, { name: 'Cooking', min_choices: 1, max_choices: 1 });
    const rare = await buildOption(env.db, cooking, { name: 'Rare', price_delta_cents: -50, available: false });

    const response = await client.request('GET', '/menu');
    expect(response.status).toBe(200);
    const menu = adminMenuSchema.strict().parse(await response.json());

    expect(menu).toMatchObject({ restaurantId: restaurant.id, currency: 'EUR', version: restaurant.menu_version });
    expect(menu.categories.map((category) => category.name)).toEqual(['Mains', 'Drinks']);
    expect(menu.categories[0]!.items.map((item) => item.name)).toEqual(['Burger', 'Steak']);
    expect(menu.categories[0]!.items[1]).toEqual({
      id: steak.id,
      categoryId: mains.id,
      name: 'Steak',
      description: 'Dry-aged',
      priceCents: 2900,
      allergens: ['mustard'],
      imageUrl: 'https://cdn.example.test/steak.jpg',
      available: true,
      stock: 4073,
      version: 1,
      position: 1,
      modifierGroups: [
        {
          id: cooking.id,
          itemId: steak.id,
          name: 'Cooking',
          min: 1,
          max: 1,
          version: 1,
          position: 0,
          options: [
            {
              id: rare.id,
              groupId: cooking.id,
              name: 'Rare',
              priceDeltaCents: -50,
              available: false,
              version: 1,
              position: 0,
            },
          ],
        },
      ],
    });
    expect(menu.categories[1]).toMatchObject({ id: drinks.id, version: 1, position: 2 });
  });

  it('shows nothing of another restaurant', async () => {
    const { client } = await anOwner();
    const other = await buildRestaurant(env.db);
    await buildItem(env.db, await buildCategory(env.db, other), { name: 'Secret burger' });
    const text = await (await client.request('GET', '/menu')).text();
    expect(text).not.toContain('Secret burger');
    expect(text).not.toContain(other.id);
  });
});

describe('categories', () => {
  it('are created at the end, renamed, reordered and deleted, each a new menu version for diners', async () => {
    const { restaurant, client } = await anOwner();
    await buildCategory(env.db, restaurant, { name: 'Mains', position: 4 });
    const start = await menuVersion(restaurant);

    const created = await client.request('POST', '/menu/categories', { name: '  Desserts ' });
    expect(created.status).toBe(201);
    const desserts = await json<AdminMenuCategory>(created);
    expect(desserts).toEqual({ id: expect.any(String), name: 'Desserts', version: 1, position: 5, items: [] });
    expect(await menuVersion(restaurant)).toBe(start + 1);

    const renamed = await client.request('PATCH', `/menu/categories/${desserts.id}`, {
      name: 'Sweets',
      expectedVersion: 1,
    });
    expect(renamed.status).toBe(200);
    expect(await json(renamed)).toMatchObject({ name: 'Sweets', version: 2 });
    const viaIfMatch = await client.request(
      'PATCH',
      `/menu/categories/${desserts.id}`,
      { name: 'Puddings' },
      {
        'if-match': '"2"',
      },
    );
    expect(await json(viaIfMatch)).toMatchObject({ name: 'Puddings', version: 3 });
    expect(await menuVersion(restaurant)).toBe(start + 3);

    const { categories } = await json<AdminMenu>(await client.request('GET', '/menu'));
    const reordered = await client.request('POST', '/menu/categories/reorder', {
      ids: categories.map((category) => category.id).reverse(),
    });
    expect(reordered.status).toBe(200);
    const menu = adminMenuSchema.parse(await reordered.json());
    expect(menu.categories.map((category) => [category.name, category.position])).toEqual([
      ['Puddings', 0],
      ['Mains', 1],
    ]);
    expect(menu.version).toBe(start + 4);

    expect((await client.request('DELETE', `/menu/categories/${desserts.id}`)).status).toBe(204);
    expect(await env.db('menu_categories').where({ id: desserts.id }).first()).toBeUndefined();
    expect(await menuVersion(restaurant)).toBe(start + 5);
  });

  it('refuses a rename made on a stale version with the category as it is now, writing nothing', async () => {
    const { restaurant, client } = await anOwner();
    const mains = await buildCategory(env.db, restaurant, { name: 'Mains' });
    await buildItem(env.db, mains, { name: 'Burger' });
    await client.request('PATCH', `/menu/categories/${mains.id}`, { name: 'Main courses', expectedVersion: 1 });
    const before = await menuVersion(restaurant);

    for (const [body, headers] of [
      [{ name: 'Big plates', expectedVersion: 1 }, {}],
      [{ name: 'Big plates' }, { 'if-match': '1' }],
    ] as const) {
      const response = await client.request('PATCH', `/menu/categories/${mains.id}`, body, headers);
      expect(response.status).toBe(409);
      const error = await errorOf(response);
      expect(error.code).toBe('VERSION_CONFLICT');
      expect(error.details).toEqual({
        current: {
          id: mains.id,
          name: 'Main courses',
          version: 2,
          position: 0,
          items: [expect.objectContaining({ name: 'Burger' })],
        },
      });
    }
    expect(await env.db('menu_categories').where({ id: mains.id }).first()).toMatchObject({
      name: 'Main courses',
      version: 2,
    });
    expect(await menuVersion(restaurant)).toBe(before);
  });

  it('refuses to delete a category that still has items, keeping it and its items', async () => {
    const { restaurant, client } = await anOwner();
    const mains = await buildCategory(env.db, restaurant, { name: 'Mains' });
    const burger = await buildItem(env.db, mains);
    const before = await menuVersion(restaurant);

    const response = await client.request('DELETE', `/menu/categories/${mains.id}`);
    expect(response.status).toBe(409);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'CATEGORY_NOT_EMPTY', details: { categoryId: mains.id, itemCount: 1 } });
    expect(error.message).toBe('Mains still has an item. Move or delete it first.');
    expect(await env.db('menu_categories').where({ id: mains.id }).first()).toBeDefined();
    expect(await env.db('menu_items').where({ id: burger.id }).first()).toBeDefined();
    expect(await menuVersion(restaurant)).toBe(before);
  });

  it('deletes only at the version named by If-Match, when one is sent', async () => {
    const { restaurant, client } = await anOwner();
    const empty = await buildCategory(env.db, restaurant, { version: 3 });
    const stale = await client.request('DELETE', `/menu/categories/${empty.id}`, undefined, { 'if-match': '2' });
    expect((await errorOf(stale)).code).toBe('VERSION_CONFLICT');
    expect(await env.db('menu_categories').where({ id: empty.id }).first()).toBeDefined();
    const current = await client.request('DELETE', `/menu/categories/${empty.id}`, undefined, { 'if-match': '3' });
    expect(current.status).toBe(204);
  });

  it('reorders only with the full list of the restaurant’s categories, each once', async () => {
    const { restaurant, client } = await anOwner();
    const a = await buildCategory(env.db, restaurant, { position: 0 });
    const b = await buildCategory(env.db, restaurant, { position: 1 });
    const c = await buildCategory(env.db, restaurant, { position: 2 });

    for (const ids of [[c.id, a.id], [c.id, a.id, b.id, a.id], []]) {
      const response = await client.request('POST', '/menu/categories/reorder', { ids });
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toMatch(/^ids: /);
    }
    const positions = await env.db('menu_categories').where({ restaurant_id: restaurant.id }).orderBy('position');
    expect(positions.map((row: { id: string }) => row.id)).toEqual([a.id, b.id, c.id]);
  });

  it('names the field of a bad body', async () => {
    const { restaurant, client } = await anOwner();
    const mains = await buildCategory(env.db, restaurant);
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/menu/categories', { name: '' }, /^name: /],
      ['POST', '/menu/categories', { name: 'Ok', colour: 'red' }, /colour/],
      ['PATCH', `/menu/categories/${mains.id}`, { name: 'Ok' }, /^expectedVersion: /],
      ['PATCH', `/menu/categories/${mains.id}`, { name: 'Ok', expectedVersion: '1' }, /^expectedVersion: /],
    ];
    for (const [method, path, body, message] of cases) {
      const error = await errorOf(await client.request(method, path, body));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toMatch(message);
    }
    const badIfMatch = await client.request(
      'PATCH',
      `/menu/categories/${mains.id}`,
      { name: 'Ok' },
      {
        'if-match': 'yesterday',
      },
    );
    expect((await errorOf(badIfMatch)).message).toMatch(/^If-Match: /);
  });
});
