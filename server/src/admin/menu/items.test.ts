import { randomUUID } from 'node:crypto';
import { adminMenuItemSchema, type AdminMenuCategory, type AdminMenuItem } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../../test/admin.js';
import { connectDiner, waitFor } from '../../test/diners.js';
import {
  buildCategory,
  buildGroup,
  buildItem,
  buildOption,
  buildRestaurant,
  buildTable,
} from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';
import { errorOf, json } from '../../test/http.js';
import { join } from '../../test/tables.js';

const env = useTestEnv();

async function aRestaurantWithMenu() {
  const { url } = await env.startServer();
  const restaurant = await buildRestaurant(env.db, { low_stock_threshold: 5 });
  const { client } = await signedIn(url, env.db, restaurant.id, 'owner');
  const mains = await buildCategory(env.db, restaurant, { name: 'Mains' });
  const drinks = await buildCategory(env.db, restaurant, { name: 'Drinks', position: 1 });
  const burger = await buildItem(env.db, mains, { name: 'Burger', price_cents: 1450, position: 0 });
  const steak = await buildItem(env.db, mains, { name: 'Steak', stock: 40, position: 1 });
  const cooking = await buildGroup(env.db, burger, { name: 'Cooking' });
  await buildOption(env.db, cooking, { name: 'Medium' });
  return { url, restaurant, client, categories: { mains, drinks }, items: { burger, steak } };
}

const itemRow = (id: string) => env.db('menu_items').where({ id }).first();
const menuEtag = async (url: string, qrToken: string) =>
  (await fetch(`${url}/api/v1/tables/${qrToken}/menu`)).headers.get('etag');

describe('items', () => {
  it('are created at the end of their category with every field, and with defaults for the rest', async () => {
    const { client, categories } = await aRestaurantWithMenu();
    const full = await client.request('POST', '/menu/items', {
      categoryId: categories.mains.id,
      name: 'Fish',
      description: 'Line-caught\nwith chips',
      priceCents: 1890,
      allergens: ['fish', 'gluten'],
      imageUrl: 'https://cdn.example.test/fish.jpg',
      available: false,
      stock: 12,
    });
    expect(full.status).toBe(201);
    expect(adminMenuItemSchema.strict().parse(await full.json())).toEqual({
      id: expect.any(String),
      categoryId: categories.mains.id,
      name: 'Fish',
      description: 'Line-caught\nwith chips',
      priceCents: 1890,
      allergens: ['fish', 'gluten'],
      imageUrl: 'https://cdn.example.test/fish.jpg',
      available: false,
      stock: 12,
      version: 1,
      position: 2,
      modifierGroups: [],
    });
    const bare = await client.request('POST', '/menu/items', {
      categoryId: categories.drinks.id,
      name: 'Water',
      priceCents: 0,
    });
    expect(await json(bare)).toMatchObject({
      description: '',
      allergens: [],
      imageUrl: null,
      available: true,
      stock: null,
      position: 0,
    });
  });

  it('are edited, moved to the end of another category, reordered and deleted with their modifiers', async () => {
    const { restaurant, client, categories, items } = await aRestaurantWithMenu();
    const edited = await client.request('PATCH', `/menu/items/${items.burger.id}`, {
      name: 'Cheeseburger',
      priceCents: 1590,
      allergens: ['milk'],
      expectedVersion: 1,
    });
    expect(await json(edited)).toMatchObject({
      name: 'Cheeseburger',
      priceCents: 1590,
      allergens: ['milk'],
      version: 2,
    });
    expect(await itemRow(items.burger.id)).toMatchObject({ name: 'Cheeseburger', price_cents: 1590 });

    const moved = await json<AdminMenuItem>(
      await client.request(
        'PATCH',
        `/menu/items/${items.steak.id}`,
        { categoryId: categories.drinks.id },
        { 'if-match': '1' },
      ),
    );
    expect(moved).toMatchObject({ categoryId: categories.drinks.id, position: 0, version: 2 });
    const water = await buildItem(env.db, categories.drinks, { name: 'Water', position: 1 });

    const reordered = await client.request('POST', '/menu/items/reorder', {
      categoryId: categories.drinks.id,
      ids: [water.id, items.steak.id],
    });
    expect(reordered.status).toBe(200);
    const drinks = await json<AdminMenuCategory>(reordered);
    expect(drinks.items.map((item) => [item.name, item.position])).toEqual([
      ['Water', 0],
      ['Steak', 1],
    ]);

    const versionBefore = restaurant.menu_version;
    expect((await client.request('DELETE', `/menu/items/${items.burger.id}`)).status).toBe(204);
    expect(await itemRow(items.burger.id)).toBeUndefined();
    expect(await env.db('modifier_groups').where({ item_id: items.burger.id })).toEqual([]);
    const { menu_version } = await env.db('restaurants').where({ id: restaurant.id }).first('menu_version');
    expect(menu_version).toBeGreaterThan(versionBefore);
  });

  it('refuses an edit made on a stale version with the item as it is now, writing nothing', async () => {
    const { restaurant, client, items } = await aRestaurantWithMenu();
    await client.request('PATCH', `/menu/items/${items.burger.id}`, { priceCents: 1500, expectedVersion: 1 });
    const { menu_version: before } = await env.db('restaurants').where({ id: restaurant.id }).first('menu_version');

    const requests = [
      ['PATCH', `/menu/items/${items.burger.id}`, { priceCents: 1, name: 'Free burger' }],
      ['POST', `/menu/items/${items.burger.id}/availability`, { available: false }],
      ['POST', `/menu/items/${items.burger.id}/stock`, { set: 3 }],
      ['POST', `/menu/items/${items.burger.id}/stock`, { adjust: 3 }],
    ] as const;
    for (const [method, path, body] of requests) {
      for (const stale of [{ body: { ...body, expectedVersion: 1 } }, { body, headers: { 'if-match': '1' } }]) {
        const response = await client.request(method, path, stale.body, 'headers' in stale ? stale.headers : {});
        expect(response.status).toBe(409);
        const error = await errorOf(response);
        expect(error.code).toBe('VERSION_CONFLICT');
        const current = adminMenuItemSchema.strict().parse((error.details as { current: unknown }).current);
        expect(current).toMatchObject({ id: items.burger.id, name: 'Burger', priceCents: 1500, version: 2 });
        expect(current.modifierGroups.map((group) => group.name)).toEqual(['Cooking']);
      }
    }
    expect(await itemRow(items.burger.id)).toMatchObject({
      price_cents: 1500,
      available: true,
      stock: null,
      version: 2,
    });
    const { menu_version: after } = await env.db('restaurants').where({ id: restaurant.id }).first('menu_version');
    expect(after).toBe(before);
  });
});

describe('86ing an item mid-service', () => {
  it('tells connected diners, moves the menu ETag, and refuses the item in carts from then on', async () => {
    const { url, restaurant, client, items } = await aRestaurantWithMenu();
    const table = await buildTable(env.db, restaurant);
    const joined = await join(url, table.qr_token, { displayName: 'Ana' });
    const diner = await connectDiner(url, joined.dinerToken);
    const etagBefore = await menuEtag(url, table.qr_token);

    const response = await client.request('POST', `/menu/items/${items.steak.id}/availability`, {
      available: false,
      expectedVersion: 1,
    });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ id: items.steak.id, available: false, version: 2 });

    const changed = await waitFor(() => diner.menuChanges.at(-1), 2_000, 'menu:changed');
    expect(changed.version).toBeGreaterThan(restaurant.menu_version);
    expect(await menuEtag(url, table.qr_token)).not.toBe(etagBefore);
    const ack = await diner.send('cart:add', { opId: randomUUID(), itemId: items.steak.id, quantity: 1 });
    expect(ack).toMatchObject({ ok: false, error: { code: 'ITEM_UNAVAILABLE' } });
    diner.close();
  });
});

describe('stock', () => {
  const stock = (client: Awaited<ReturnType<typeof aRestaurantWithMenu>>['client'], id: string, body: object) =>
    client.request('POST', `/menu/items/${id}/stock`, body);

  it('is set, adjusted up and down, never below zero, and stops being counted when set to null', async () => {
    const { client, items } = await aRestaurantWithMenu();
    const steak = items.steak.id;
    expect(await json(await stock(client, steak, { set: 10, expectedVersion: 1 }))).toMatchObject({
      stock: 10,
      version: 2,
    });
    expect(await json(await stock(client, steak, { adjust: 24, expectedVersion: 2 }))).toMatchObject({ stock: 34 });
    expect(await json(await stock(client, steak, { adjust: -4, expectedVersion: 3 }))).toMatchObject({ stock: 30 });

    const tooMany = await stock(client, steak, { adjust: -31, expectedVersion: 4 });
    expect(tooMany.status).toBe(409);
    const error = await errorOf(tooMany);
    expect(error).toMatchObject({ code: 'STOCK_BELOW_ZERO', details: { itemId: steak, stock: 30, adjust: -31 } });
    expect(error.message).toBe('Only 30 × Steak left: taking away 31 would go below zero.');
    expect(await itemRow(steak)).toMatchObject({ stock: 30, version: 4 });
    // Above the most a count may be: the field says how much still fits.
    const overfull = await errorOf(await stock(client, steak, { adjust: 999_999, expectedVersion: 4 }));
    expect(overfull).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'adjust', reason: 'too_big', maximum: 999_970, origin: 'number' }] },
    });
    expect(await itemRow(steak)).toMatchObject({ stock: 30, version: 4 });

    expect(await json(await stock(client, steak, { adjust: -30, expectedVersion: 4 }))).toMatchObject({ stock: 0 });
    expect(await json(await stock(client, steak, { set: null, expectedVersion: 5 }))).toMatchObject({ stock: null });
    const untracked = await stock(client, steak, { adjust: 5, expectedVersion: 6 });
    expect((await errorOf(untracked)).code).toBe('STOCK_NOT_TRACKED');
    expect(await itemRow(steak)).toMatchObject({ stock: null, version: 6 });
  });

  it('applies one of two adjustments made on the same version, never both on top of each other', async () => {
    const { client, items } = await aRestaurantWithMenu();
    const answers = await Promise.all(
      [-5, -5].map((adjust) => stock(client, items.steak.id, { adjust, expectedVersion: 1 })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await itemRow(items.steak.id)).toMatchObject({ stock: 35, version: 2 });
  });

  it('takes exactly one of set or adjust', async () => {
    const { client, items } = await aRestaurantWithMenu();
    for (const body of [
      { expectedVersion: 1 },
      { set: 3, adjust: 1, expectedVersion: 1 },
      { adjust: 0, expectedVersion: 1 },
    ]) {
      const error = await errorOf(await stock(client, items.steak.id, body));
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^(set|adjust): /) });
    }
    expect(await itemRow(items.steak.id)).toMatchObject({ stock: 40, version: 1 });
  });

  it('moves the menu ETag only when diners would see the new count', async () => {
    const { url, restaurant, client, items } = await aRestaurantWithMenu();
    const table = await buildTable(env.db, restaurant);
    const start = await menuEtag(url, table.qr_token);
    await stock(client, items.steak.id, { adjust: -30, expectedVersion: 1 });
    expect(await menuEtag(url, table.qr_token)).toBe(start);
    await stock(client, items.steak.id, { set: 5, expectedVersion: 2 });
    expect(await menuEtag(url, table.qr_token)).not.toBe(start);
  });
});

describe('item bodies', () => {
  it('are refused naming the bad field, and a category of nowhere is not found', async () => {
    const { client, categories, items } = await aRestaurantWithMenu();
    const tea = (fields: object) => ({ categoryId: categories.mains.id, name: 'Tea', priceCents: 100, ...fields });
    const refusals: [string, string, unknown, RegExp][] = [
      ['POST', '/menu/items', tea({ priceCents: -1 }), /^priceCents: /],
      ['POST', '/menu/items', tea({ priceCents: 1.5 }), /^priceCents: /],
      ['POST', '/menu/items', tea({ categoryId: 'mains' }), /^categoryId: /],
      ['POST', '/menu/items', tea({ name: 'x'.repeat(121) }), /^name: /],
      ['POST', '/menu/items', tea({ imageUrl: 'javascript:alert(1)' }), /^imageUrl: /],
      ['POST', '/menu/items', tea({ allergens: ['milk', 'milk'] }), /^allergens: /],
      ['POST', '/menu/items', tea({ stock: -1 }), /^stock: /],
      ['PATCH', `/menu/items/${items.burger.id}`, { expectedVersion: 1 }, /change at least one field/],
      ['PATCH', `/menu/items/${items.burger.id}`, { price: 100, expectedVersion: 1 }, /price/],
    ];
    for (const [method, path, body, message] of refusals) {
      const error = await errorOf(await client.request(method, path, body));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toMatch(message);
    }
    const nowhere = await client.request('POST', '/menu/items', tea({ categoryId: randomUUID() }));
    expect((await errorOf(nowhere)).code).toBe('NOT_FOUND');
    expect(await env.db('menu_items').where({ name: 'Tea' })).toEqual([]);
  });
});
